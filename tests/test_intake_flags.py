"""--allow-period-outside and --received-on are independent (cold review, session 8): admitting a period outside
the range taken does not admit a day received in the future or before the period began, in either ingest path."""

from datetime import date

from tipmonitor.core.problems import InputError
from tipmonitor.store.bulk import Item, ingest_batch
from tipmonitor.store.database import Store

TODAY = date(2026, 11, 28)  # 2027-Q1 lies outside the periods intake takes on this day (test_hostile_input)


def _file(tmp_path):
    path = tmp_path / "00004_2027-Q1.csv"
    path.write_text("unit,period,measure,value\n00004,2027-Q1,reports.intake,3\n", encoding="utf-8")
    return path


def _one(store: Store, path, received_on):
    try:
        store.ingest(path, today=TODAY, received_on=received_on, allow_period_outside=True, lang="en")
    except InputError as error:
        return error.render("en")
    return "ingested"


def _bulk(store: Store, path, received_on):
    verdict = ingest_batch(store, [Item(path, today=TODAY, received_on=received_on, allow_period_outside=True)], "en")[0]
    return verdict.error.render("en") if verdict.error is not None else "ingested"


def test_allowing_a_period_outside_still_refuses_a_day_received_in_the_future(tmp_path):
    path = _file(tmp_path)
    for n, ingest in enumerate((_one, _bulk)):
        # 29/11/2026 is the day after today: refused although the period is allowed, naming the option
        told = ingest(Store(tmp_path / f"future{n}.duckdb"), path, date(2026, 11, 29))
        assert "the day received (--received-on) is 29/11/2026, after today (28/11/2026)" in told, told
        # 2027-Q1 begins on 15/12/2026 (the official window): a file of it cannot have arrived on 20/11/2026
        told = ingest(Store(tmp_path / f"early{n}.duckdb"), path, date(2026, 11, 20))
        assert "before the period 2027-Q1 begins" in told, told
        # without --received-on (today is taken), the period outside is admitted, as the flag says
        assert ingest(Store(tmp_path / f"plain{n}.duckdb"), path, None) == "ingested"
