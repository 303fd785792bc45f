"""Progress of long steps on the terminal: a bar (files, rows) when stderr is a terminal, plain lines otherwise.

``Progress(lang)`` is called as ``progress(stage, done, total, rows)``, the stages named in the
catalogue (``progress.<stage>``); a log file gets one line when a stage starts, about every tenth
of the way, and when it ends, so a step longer than a few seconds is never silent.
"""

from __future__ import annotations

import sys

from tipmonitor.core import words


class Progress:
    def __init__(self, lang: str | None = None, stream=None):
        self.lang, self.stream = lang, stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.stage: str | None = None
        self.bar = None
        self.shown, self.ended = -1, False

    def __call__(self, stage: str, done: int, total: int, rows: int = 0) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.shown, self.ended = stage, -1, False
            if self.tty:
                from tqdm import tqdm

                self.bar = tqdm(total=total, desc=words.say(f"progress.{stage}", self.lang), file=self.stream,
                                unit=" " + words.say("progress.files", self.lang), leave=True, dynamic_ncols=True)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
            if rows:
                self.bar.set_postfix_str(words.say("progress.rows", self.lang, rows=rows).lstrip(", "),
                                         refresh=False)
            return
        step = max(total // 10, 1)
        final = done >= total
        if self.ended or (done // step == self.shown and not final):
            return
        self.shown, self.ended = done // step, final
        told = words.say("progress.rows", self.lang, rows=rows) if rows else ""
        print(f"{words.say(f'progress.{stage}', self.lang)}: {done}/{total} {words.say('progress.files', self.lang)}{told}",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
