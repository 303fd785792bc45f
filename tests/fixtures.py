"""A small hand-made dataset whose indicator values are worked out by hand in the tests.

Unit 002 (Hoàn Kiếm) and unit 006 (Đống Đa), 2022-2023, official 15th-14th periods:
2023-Q2 is 15/03/2023-14/06/2023; 2023-H1 (= year to date at Q2) is 15/12/2022-14/06/2023.
"""

REPORTS = [
    # unit 002, carried over into 2023-Q2 (received in Q1, decided in Q2)
    dict(report_id="R1", unit="002", kind="report", received_date="2023-02-01", classified_date="2023-02-01",
         decision_date="2023-04-10", decision="not_initiate"),
    dict(report_id="R2", unit="002", kind="report", received_date="2023-02-20", classified_date="2023-02-21",
         decision_date="2023-05-01", decision="suspend"),
    dict(report_id="R3", unit="002", kind="denunciation", received_date="2023-03-01", classified_date="2023-03-02",
         extension_date="2023-03-15", decision_date="2023-05-30", decision="administrative"),
    # unit 002, new in 2023-Q2
    dict(report_id="R4", unit="002", kind="report", received_date="2023-03-20", classified_date="2023-03-21",
         decision_date="2023-04-01", decision="initiate", case_id="VA1"),
    dict(report_id="R5", unit="002", kind="report", received_date="2023-04-05", classified_date="2023-04-05",
         decision_date="2023-04-20", decision="transferred"),
    dict(report_id="R6", unit="002", kind="recommendation", received_date="2023-04-10", classified_date="2023-04-11",
         decision_date="2023-04-25", decision="not_initiate"),
    dict(report_id="R7", unit="002", kind="report", received_date="2023-05-01",
         decision_date="2023-05-15", decision="administrative"),  # never classified
    dict(report_id="R8", unit="002", kind="report", received_date="2023-05-20", classified_date="2023-06-20"),  # pending
    # unit 002, 2023-Q1 only (received 20/12/2022 falls in the official 2023)
    dict(report_id="R9", unit="002", kind="report", received_date="2022-12-20", classified_date="2022-12-21",
         decision_date="2023-03-10", decision="not_initiate"),
    # unit 002, baseline year 2022 (Q2 2022 = 15/03/2022-14/06/2022)
    dict(report_id="B1", unit="002", kind="report", received_date="2022-04-01", classified_date="2022-04-01",
         decision_date="2022-04-15", decision="not_initiate"),
    dict(report_id="B2", unit="002", kind="report", received_date="2022-05-01", classified_date="2022-05-02",
         decision_date="2022-07-01", decision="administrative"),
    # unit 006
    dict(report_id="D1", unit="006", kind="report", received_date="2023-04-01", classified_date="2023-04-01",
         decision_date="2023-04-10", decision="not_initiate"),
    dict(report_id="D2", unit="006", kind="report", received_date="2023-06-01", classified_date="2023-06-01"),
]

CASES = [
    dict(case_id="VA1", unit="002", initiated_date="2023-04-01", solved_date="2023-04-01"),
    dict(case_id="VA2", unit="002", initiated_date="2023-05-10", solved_date="2023-06-20"),
    dict(case_id="VA3", unit="002", initiated_date="2023-01-05", solved_date="2023-01-20",
         investigation_end_date="2023-03-01", investigation_outcome="recommend_prosecution",
         procuracy_accepted_date="2023-03-03", procuracy_decision_date="2023-04-20", procuracy_decision="indicted",
         court_accepted_date="2023-04-25", court_decision_date="2023-06-10", court_outcome="tried"),
    dict(case_id="VA4", unit="002", initiated_date="2022-06-01", solved_date="2022-06-05",
         investigation_end_date="2022-10-01", investigation_outcome="recommend_prosecution",
         procuracy_accepted_date="2022-10-03", procuracy_decision_date="2023-01-10", procuracy_decision="returned"),
    dict(case_id="VA5", unit="002", initiated_date="2022-08-01", solved_date="2022-08-10",
         investigation_end_date="2022-11-20", investigation_outcome="recommend_prosecution",
         procuracy_accepted_date="2022-11-25", procuracy_decision_date="2023-05-05", procuracy_decision="indicted",
         court_accepted_date="2023-05-10", court_decision_date="2023-07-01", court_outcome="tried"),
    dict(case_id="VA6", unit="002", initiated_date="2023-02-01", solved_date="2023-02-01",
         investigation_end_date="2023-05-25", investigation_outcome="recommend_prosecution",
         procuracy_accepted_date="2023-06-01"),
]

VICTIMS = [
    dict(victim_id="NN1", case_id="VA1", unit="002", sex="female", age_group="adult", received_date="2023-04-02",
         identified_date="2023-04-05", supported_date="2023-04-10", support_kinds="essentials;medical"),
    dict(victim_id="NN2", case_id="VA1", unit="002", sex="male", age_group="child", received_date="2023-04-02",
         identified_date="2023-04-06", supported_date="2023-06-20", support_kinds="legal"),
    dict(victim_id="NN3", unit="002", sex="female", age_group="adult", received_date="2023-05-01"),  # being identified
    dict(victim_id="NN4", case_id="VA3", unit="002", sex="female", age_group="youth", received_date="2023-01-06",
         identified_date="2023-01-10", supported_date="2023-01-12", support_kinds="medical"),
]


# --- generated (fuzz) cases, counted per kind and reported at the end of the session ---------

FUZZ_CASES: dict[str, int] = {}
FUZZ_OUTCOMES: dict[str, int] = {}  # of those, how many took the success path (checked row by row)


def count_fuzz_case(kind: str) -> None:
    FUZZ_CASES[kind] = FUZZ_CASES.get(kind, 0) + 1


def count_fuzz_outcome(kind: str) -> None:
    FUZZ_OUTCOMES[kind] = FUZZ_OUTCOMES.get(kind, 0) + 1
