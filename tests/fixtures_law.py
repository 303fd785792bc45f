"""A hand-made 2025-Q4 fixture under the 2024 Law (#29): worked by hand in tests/test_law_2024.py.

2025-Q4 is 15/09/2025-14/12/2025 (the official 15th-14th rule). Victims are the Sở Y tế's (01-SYT, receiving and
supporting victims from 1-3-2025); crime reports are Phường Ba Đình's (00004, a commune from 1-7-2025).
"""

LAW_VICTIMS = [
    # identified in the window and supported, with interpretation
    dict(victim_id="V1", unit="01-SYT", sex="female", age_group="adult", received_date="2025-09-20",
         identified_date="2025-09-25", supported_date="2025-09-26", support_kinds="essentials;interpretation"),
    # identified in the window, never supported; 16-17 years old
    dict(victim_id="V2", unit="01-SYT", sex="female", age_group="youth", received_date="2025-10-05",
         identified_date="2025-10-10"),
    # being identified all along, supported meanwhile (medical care, legal information)
    dict(victim_id="V3", unit="01-SYT", sex="male", age_group="adult", received_date="2025-11-01",
         supported_date="2025-11-02", support_kinds="medical;legal_information"),
    # found not to be a victim
    dict(victim_id="V4", unit="01-SYT", sex="male", age_group="adult", received_date="2025-11-10",
         not_victim_date="2025-11-20"),
    # a child accompanying V1, supported
    dict(victim_id="V5", unit="01-SYT", sex="female", age_group="child", role="accompanying_child",
         received_date="2025-09-20", supported_date="2025-09-26", support_kinds="essentials;education"),
    # received before the window, identified and supported in it; under 16
    dict(victim_id="V6", unit="01-SYT", sex="female", age_group="child", role="victim", received_date="2025-08-01",
         identified_date="2025-10-01", supported_date="2025-10-03", support_kinds="psychological"),
    # being identified at the window's end; supported after it
    dict(victim_id="V7", unit="01-SYT", sex="male", age_group="adult", received_date="2025-12-01",
         supported_date="2025-12-20", support_kinds="essentials"),
]

LAW_REPORTS = [
    dict(report_id="R1", unit="00004", kind="report", received_date="2025-10-01", classified_date="2025-10-01",
         channel="hotline_111"),
    dict(report_id="R2", unit="00004", kind="denunciation", received_date="2025-10-05", classified_date="2025-10-05",
         channel="in_person"),
    dict(report_id="R3", unit="00004", kind="report", received_date="2025-11-01"),
]
