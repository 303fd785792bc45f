"""Synthetic task-group data for the sample: what units did each quarter and what they wrote about it.

A separate generator from sample.py (which writes the case records): ``activities.csv``
(unit, period, activity, value) and ``unit_texts.csv`` (unit, period, task group, section,
text) under data/sample/, for every quarter the case sample covers and every unit valid at
that quarter's end whose kind the activity registry names. Counts follow the magnitudes of
published Vietnamese reports (tens of sessions and some thousands of attendances a quarter
in a district; a handful of victims); about one unit in twelve reports nothing in a quarter,
so the report has units to chase. Texts are assembled from stock sentences naming no person.
Seeded: the same seed gives identical files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tipmonitor.model import periods
from tipmonitor.model.activities import load_activities, unit_bodies

SEED = 30_7
SILENT_SHARE = 0.08
# Mean count per quarter by activity, for a district-sized unit (communes a fifth, city agencies as given).
MEANS = {
    "direction.documents": 2, "direction.meetings": 1, "direction.inspections": 1,
    "communication.sessions": 14, "communication.people": 900, "communication.materials": 600,
    "communication.media_items": 25, "communication.day_30_7": 3, "prevention.at_risk_reached": 60,
    "prevention.pledges": 400, "enforcement.hotspots_checked": 30, "enforcement.model_trials": 1,
    "victims.received": 4, "victims.supported": 3, "victims.staff_trained": 20,
    "international.cases_coordinated": 2, "international.victims_returned": 3, "international.meetings": 1,
}
TEXTS = {
    (1, "results"): ["Ban hành kế hoạch thực hiện công tác phòng, chống mua bán người và phân công nhiệm vụ cho các bộ phận.",
                     "Tổ chức họp Ban Chỉ đạo đánh giá kết quả quý, chỉ đạo tập trung vào các địa bàn trọng điểm."],
    (2, "results"): ["Phối hợp với nhà trường tổ chức tuyên truyền cho học sinh về thủ đoạn lừa đi làm việc nhẹ lương cao.",
                     "Tuyên truyền trên hệ thống loa truyền thanh cơ sở và trang thông tin điện tử của đơn vị.",
                     "Tổ chức các hoạt động hưởng ứng Ngày toàn dân phòng, chống mua bán người tại khu dân cư."],
    (3, "results"): ["Rà soát các cơ sở kinh doanh dịch vụ có điều kiện, kịp thời phát hiện dấu hiệu vi phạm.",
                     "Phối hợp chặt chẽ giữa cơ quan điều tra, viện kiểm sát và tòa án trong giải quyết tin báo và vụ án."],
    (4, "results"): ["Tiếp nhận, xác minh và hỗ trợ ban đầu kịp thời cho người được xác định là nạn nhân.",
                     "Phối hợp cơ sở bảo trợ xã hội hỗ trợ tâm lý, y tế và học nghề cho nạn nhân trở về."],
    (5, "results"): ["Phối hợp với cơ quan chức năng nước bạn xác minh thông tin, tiếp nhận công dân trở về.",
                     "Trao đổi thông tin qua kênh hợp tác quốc tế về các đường dây lừa đưa người ra nước ngoài làm việc."],
    (0, "difficulties"): ["Thủ đoạn tuyển dụng qua mạng xã hội ngày càng tinh vi, khó phát hiện từ sớm.",
                          "Nạn nhân ngại khai báo, việc xác minh thông tin ở nước ngoài mất nhiều thời gian.",
                          "Kinh phí cho công tác tuyên truyền ở cơ sở còn hạn chế; cán bộ kiêm nhiệm nhiều việc."],
    (0, "proposals"): ["Đề nghị bố trí kinh phí riêng cho hoạt động tuyên truyền tại các địa bàn trọng điểm.",
                       "Đề nghị tổ chức tập huấn nghiệp vụ nhận diện và hỗ trợ nạn nhân cho cán bộ cơ sở.",
                       "Đề nghị tăng cường trao đổi thông tin giữa các lực lượng về các đường dây tuyển dụng trên mạng."],
}


def generate_task_groups(registry, quarters: list[periods.Period], seed: int = SEED,
                         rule: str = "official") -> dict[str, pd.DataFrame]:
    """The two tables for ``quarters``, each quarter's units taken from ``registry`` as valid at its end."""
    rng = np.random.default_rng(seed)
    measures = load_activities().measures
    activities: list[tuple] = []
    texts: list[tuple] = []
    for quarter in quarters:
        valid = registry.valid_on(quarter.window(rule).end).table
        for code, body in unit_bodies(valid).items():
            if rng.random() < SILENT_SHARE:
                continue
            size = 0.2 if body == "commune" else 1.0
            groups, issued = set(), 0
            for m in measures.values():
                if body not in m.reporters:
                    continue
                if m.id == "direction.plan_on_time":  # issued on time only if issued at all (listed before it)
                    value = issued * int(rng.random() < 0.85)
                elif m.combine == "max":
                    value = issued = int(rng.random() < 0.9) if quarter.index == 1 else 0
                else:
                    value = int(rng.poisson(MEANS.get(m.id, 1) * size * (1.6 if quarter.index == 3 else 1.0)))
                activities.append((code, quarter.label, m.id, value))
                groups.add(m.group)
            for group in sorted(groups):
                choices = TEXTS.get((group, "results"))
                if choices and rng.random() < 0.5:
                    texts.append((code, quarter.label, group, "kết quả đạt được", str(rng.choice(choices))))
            for section, words in (("difficulties", "khó khăn, vướng mắc, tồn tại"), ("proposals", "đề xuất, kiến nghị")):
                if rng.random() < 0.35:
                    texts.append((code, quarter.label, "", words, str(rng.choice(TEXTS[(0, section)]))))
    return {"activities": pd.DataFrame(activities, columns=["unit", "period", "activity", "value"]),
            "unit_texts": pd.DataFrame(texts, columns=["unit", "period", "task_group", "section", "text"])}


def write_task_group_sample(folder: Path, first_year: int, last_day, seed: int = SEED) -> list[Path]:
    """activities.csv and unit_texts.csv for every quarter from ``first_year`` to the one ending by ``last_day``."""
    from tipmonitor.model.units import load_registry

    quarters = [q for q in periods.quarters_between(first_year, last_day.year) if q.window().end <= last_day]
    tables = generate_task_groups(load_registry(), quarters, seed)
    written = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written
