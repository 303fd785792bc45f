"""The data model: the kinds of input table, their fields and allowed values.

Each field has a canonical English name (the column name in the store and in
code), Vietnamese and English labels (the headers of the submission template),
and header aliases accepted on input. Headers are matched without diacritics,
case or punctuation (text.match_key), so "Ngày tiếp nhận", "ngay tiep nhan" and
"received_date" are the same column. docs/data-model.md explains every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tipmonitor.core import words
from tipmonitor.model.measures import (COURT_OUTCOMES, ENDED_OTHER, INVESTIGATION_OUTCOMES, PROCURACY_OUTCOMES,
                                        RECEIVED_STATUSES, REPORT_OUTCOMES, parse_measure)


@dataclass(frozen=True)
class Choice:
    """An allowed value: its code, labels, and other words accepted for it."""

    code: str
    vi: str
    en: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # id, ref, unit, date, int, choice, choices (a ';'-separated list), text,
    # period, measure, activity (params/activities.yaml), prose (a unit's written report: longer text)
    vi: str
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    maximum: int | None = None
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    vi: str
    en: str
    fields: tuple[Field, ...]
    id_field: str | None = None
    entry_date: str | None = None  # the date that places a record in time
    # Dates that must not come before another: (earlier, later).
    date_order: tuple[tuple[str, str], ...] = ()
    # (date field, outcome field): one without the other is an error.
    outcome_pairs: tuple[tuple[str, str], ...] = ()
    # (entry date, exit date) of a stage: leaving a stage needs having entered it.
    stage_pairs: tuple[tuple[str, str], ...] = ()
    # (unit field, date field, measure family): a unit other than the record's own, doing that family's work on
    # that date (empty = the record's unit).
    unit_dates: tuple[tuple[str, str, str], ...] = ()
    family: str | None = None  # the measure family the record's own unit reports with this table
    # (unit field, date field, measure family): a decision or later step dated by the unit the unit field names (the
    # record's unit when that is empty), which must come before the day that unit handed the family's work over.
    decisions: tuple[tuple[str, str, str], ...] = ()
    # The fields that together name one record where no single id does (a register's acceptance: its unit, the
    # body's own number and the acceptance date); empty = ``id_field`` alone.
    key: tuple[str, ...] = ()
    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(f.name for f in self.fields))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _outcomes(outcomes: dict[str, tuple[str, str]], extra_words: dict[str, tuple[str, ...]],
              other: bool = False) -> tuple[Choice, ...]:
    """A stage's outcome codes, then "transferred"; with ``other`` (the procuracy's and the court's, issue #27) also
    "other": the acceptance ended in a way that is none of the stage's outcomes (model/measures.py ENDED_OTHER)."""
    choices = [Choice(code, vi, en, extra_words.get(code, ())) for code, (vi, en) in outcomes.items()]
    choices.append(Choice("transferred", "chuyển cơ quan khác", "transferred to another agency",
                          ("chuyen", "chuyen di", "chuyen co quan khac", "chuyen tham quyen", "transfer", "transferred")))
    if other:
        vi, en = ENDED_OTHER
        choices.append(Choice("other", vi, en, ("khac", "hinh thuc khac", "ly do khac", "other", "ended otherwise")))
    return tuple(choices)


UNIT = Field("unit", "unit", "Đơn vị", "Unit", True, ("don vi", "don vi bao cao", "unit code", "ma don vi", "quan huyen", "district"),
             doc="The reporting unit: its code from data/reference/units.csv or its name in any common spelling.")

EXPLOITATION = (
    Choice("sexual", "bóc lột tình dục", "sexual exploitation", ("tinh duc", "mai dam", "sexual")),
    Choice("forced_labour", "cưỡng bức lao động", "forced labour", ("lao dong", "boc lot lao dong", "forced labor", "labour", "labor")),
    Choice("forced_marriage", "cưỡng ép kết hôn", "forced marriage", ("ket hon", "lay chong", "marriage")),
    Choice("organ_removal", "lấy bộ phận cơ thể", "organ removal", ("lay noi tang", "bo phan co the", "organ")),
    Choice("child_sale", "mua bán trẻ em, trẻ sơ sinh", "child or baby trafficking", ("mua ban tre em", "tre so sinh", "child trafficking", "baby")),
    Choice("other", "khác", "other", ("muc dich khac",)),
    Choice("unknown", "chưa rõ", "unknown", ("chua xac dinh", "khong ro")),
)

COUNTRIES = (
    Choice("VN", "Việt Nam", "Viet Nam", ("viet nam", "vietnam", "trong nuoc")),
    Choice("CN", "Trung Quốc", "China", ("trung quoc", "china", "tq")),
    Choice("KH", "Campuchia", "Cambodia", ("campuchia", "cambodia", "cam pu chia")),
    Choice("LA", "Lào", "Laos", ("lao", "laos")),
    Choice("MM", "Myanmar", "Myanmar", ("myanmar", "mianma", "mien dien")),
    Choice("TH", "Thái Lan", "Thailand", ("thai lan", "thailand")),
    Choice("MY", "Malaysia", "Malaysia", ("malaysia", "ma lai xi a")),
    Choice("KR", "Hàn Quốc", "South Korea", ("han quoc", "korea")),
    Choice("JP", "Nhật Bản", "Japan", ("nhat ban", "japan")),
    Choice("TW", "Đài Loan", "Taiwan", ("dai loan", "taiwan")),
    Choice("OTHER", "nước khác", "other country", ("nuoc khac", "khac", "other")),
    Choice("UNKNOWN", "chưa rõ", "unknown", ("chua ro", "unknown", "khong ro")),
)

DESTINATION = Field("destination_country", "choice", "Nước/nơi bị đưa đến", "Destination country", False,
                    ("noi den", "nuoc den", "quoc gia den", "destination", "country of exploitation"), COUNTRIES,
                    doc="Where the victims were taken: an ISO 3166 alpha-2 code or a country name; VN for domestic cases.")

# A report or case received from another unit of the city: the sender's id, so that the city counts it once
# (metrics/counts.py counted_twice_in_city); the sender records it with the outcome "transferred".
TRANSFERRED_FROM = Field("transferred_from", "ref", "Mã bên chuyển đến (nếu nhận từ đơn vị khác)",
                         "Sender's id (if received from another unit)", False,
                         ("ma ben chuyen", "ma don vi chuyen", "chuyen tu", "nhan tu", "transferred from", "sender id",
                          "received from"),
                         doc="For a report or case another unit of the city transferred to this one: the id the sender "
                             "gave it. The sender reports it as transferred, this unit as received; the city counts it once.")

# How a report or a person came to the unit (#29). Decree 162/2025/NĐ-CP makes 111 (the national child-protection
# hotline) the national anti-trafficking hotline from 1-7-2025. Empty: not recorded (every record before #29).
CHANNEL = Field("channel", "choice", "Kênh tiếp nhận", "Received through", False,
                ("kenh tiep nhan", "hinh thuc tiep nhan", "nguon tiep nhan", "channel", "received through"), (
    Choice("in_person", "trực tiếp tại cơ quan", "in person", ("truc tiep", "den trinh bao", "in person")),
    Choice("hotline_111", "Tổng đài 111", "the 111 hotline", ("111", "tong dai 111", "duong day nong 111", "hotline 111")),
    Choice("phone", "điện thoại khác (113, đường dây nóng của cơ quan)", "other telephone (113, the agency's hotline)",
           ("dien thoai", "113", "duong day nong", "phone", "telephone")),
    Choice("written", "đơn, thư, văn bản", "letter or written report", ("don thu", "van ban", "don", "thu", "written", "letter")),
    Choice("online", "trực tuyến (cổng dịch vụ công, thư điện tử, mạng xã hội)", "online",
           ("truc tuyen", "cong dich vu cong", "mang xa hoi", "online")),
    Choice("referral", "cơ quan, tổ chức khác chuyển đến", "referred by another body",
           ("co quan khac chuyen den", "to chuc chuyen den", "bien phong", "referral", "referred")),
    Choice("other", "khác", "other", ("kenh khac",)),
), doc="How the report (or the person) reached the unit: in person, the 111 hotline (the national anti-trafficking "
       "hotline, Decree 162/2025/NĐ-CP), another telephone line, in writing, online, or referred by another body.")

CRIME_REPORTS = Table(
    "crime_reports", "Tố giác, tin báo về tội phạm, kiến nghị khởi tố", "Crime reports",
    (
        Field("report_id", "id", "Mã tin báo", "Report id", True, ("ma tin bao", "so tin bao", "ma to giac", "id",
                                                                   "so thu ly", "so thu ly tin bao")),
        UNIT,
        Field("kind", "choice", "Loại", "Kind", True, ("loai", "loai tin", "phan loai nguon tin", "type"), (
            Choice("denunciation", "tố giác về tội phạm", "denunciation", ("to giac", "to giac toi pham")),
            Choice("report", "tin báo về tội phạm", "crime report", ("tin bao", "tin bao toi pham")),
            Choice("recommendation", "kiến nghị khởi tố", "prosecution recommendation", ("kien nghi", "kien nghi khoi to")),
        )),
        Field("received_date", "date", "Ngày tiếp nhận", "Received on", True, ("ngay tiep nhan", "ngay nhan", "received", "date received")),
        Field("classified_date", "date", "Ngày phân loại", "Classified on", False, ("ngay phan loai", "classified")),
        Field("extension_date", "date", "Ngày gia hạn (lên 2 tháng)", "Extended to 2 months on", False,
              ("ngay gia han", "gia han", "extended", "extension"),
              doc="The date the agency extended the 20-day limit to 2 months for a complex report (CPC art. 147(2))."),
        Field("procuracy_extension_date", "date", "Ngày VKS gia hạn thêm", "Procuracy extension on", False,
              ("ngay vks gia han", "vks gia han", "procuracy extension"),
              doc="The date the Procuracy extended the limit by up to 2 more months."),
        Field("decision_date", "date", "Ngày ra quyết định giải quyết", "Decision date", False,
              ("ngay quyet dinh", "ngay giai quyet", "ket qua giai quyet ngay", "decided", "decision on")),
        Field("decision", "choice", "Kết quả giải quyết", "Decision", False,
              ("ket qua", "ket qua giai quyet", "quyet dinh", "hinh thuc giai quyet", "ket qua giai quyet hinh thuc",
               "outcome"),
              _outcomes(REPORT_OUTCOMES, {
                  "initiate": ("khoi to", "quyet dinh khoi to", "khoi to vu an", "initiated"),
                  "not_initiate": ("khong khoi to", "quyet dinh khong khoi to", "not initiated"),
                  "suspend": ("tam dinh chi", "tam dinh chi giai quyet", "suspended"),
                  "administrative": ("xu ly hanh chinh", "xu phat hanh chinh", "administrative"),
              })),
        Field("case_id", "ref", "Mã vụ án (nếu khởi tố)", "Case id (if initiated)", False, ("ma vu an", "so vu an", "case")),
        TRANSFERRED_FROM,

        CHANNEL,  # #29, the 2024 Law
    ),
    id_field="report_id", entry_date="received_date", family="reports",
    date_order=(("received_date", "classified_date"), ("received_date", "decision_date"),
                ("received_date", "extension_date"), ("extension_date", "procuracy_extension_date")),
    outcome_pairs=(("decision_date", "decision"),),
    decisions=tuple(("unit", day, "reports") for day in ("classified_date", "extension_date", "decision_date")),
)

CASES = Table(
    "cases", "Vụ án", "Cases",
    (
        Field("case_id", "id", "Mã vụ án", "Case id", True, ("ma vu an", "so vu an", "id")),
        UNIT,
        Field("initiated_date", "date", "Ngày khởi tố", "Initiated on", True, ("ngay khoi to", "ngay khoi to vu an", "initiated")),
        Field("solved_date", "date", "Ngày khám phá (xác định được đối tượng)", "Solved on", False,
              ("ngay kham pha", "kham pha", "ngay dieu tra kham pha", "solved", "cleared")),
        Field("investigation_end_date", "date", "Ngày kết thúc điều tra", "Investigation ended on", False,
              ("ngay ket thuc dieu tra", "ngay ket luan dieu tra", "investigation ended")),
        Field("investigation_outcome", "choice", "Kết quả điều tra", "Investigation outcome", False,
              ("ket qua dieu tra", "ket luan dieu tra", "investigation result"),
              _outcomes(INVESTIGATION_OUTCOMES, {
                  "recommend_prosecution": ("de nghi truy to", "ket luan de nghi truy to", "recommend prosecution"),
                  "suspended": ("tam dinh chi", "tam dinh chi dieu tra", "suspended"),
                  "terminated": ("dinh chi", "dinh chi dieu tra", "terminated"),
              })),
        Field("procuracy_accepted_date", "date", "Ngày VKS thụ lý", "Procuracy accepted on", False,
              ("ngay vks thu ly", "vks thu ly", "procuracy accepted")),
        Field("procuracy_decision_date", "date", "Ngày VKS quyết định", "Procuracy decision date", False,
              ("ngay vks quyet dinh", "ngay truy to", "procuracy decided")),
        Field("procuracy_decision", "choice", "Quyết định của VKS", "Procuracy decision", False,
              ("quyet dinh cua vks", "vks quyet dinh", "ket qua vks", "procuracy outcome"),
              _outcomes(PROCURACY_OUTCOMES, {
                  "indicted": ("truy to", "cao trang", "indicted"),
                  "returned": ("tra ho so", "tra ho so dieu tra bo sung", "returned"),
                  "suspended": ("tam dinh chi", "tam dinh chi vu an", "suspended"),
                  "terminated": ("dinh chi", "dinh chi vu an", "terminated"),
              }, other=True)),
        Field("court_accepted_date", "date", "Ngày Tòa án thụ lý", "Court accepted on", False,
              ("ngay toa thu ly", "toa an thu ly", "ngay toa an thu ly", "court accepted")),
        Field("court_decision_date", "date", "Ngày xét xử sơ thẩm / quyết định của Tòa", "First-instance trial or court decision date", False,
              ("ngay xet xu", "ngay xet xu so tham", "trial date", "court decided")),
        Field("court_outcome", "choice", "Kết quả của Tòa án", "Court outcome", False,
              ("ket qua xet xu", "ket qua toa an", "court result"),
              _outcomes(COURT_OUTCOMES, {
                  "tried": ("xet xu", "da xet xu", "xet xu so tham", "tried"),
                  "returned": ("tra ho so", "tra ho so dieu tra bo sung", "returned"),
                  "suspended": ("tam dinh chi", "suspended"),
                  "terminated": ("dinh chi", "terminated"),
              }, other=True)),
        Field("suspects", "int", "Số bị can", "Suspects", False, ("so bi can", "bi can", "so doi tuong", "suspects"), maximum=10_000),
        Field("victims", "int", "Số nạn nhân", "Victims", False, ("so nan nhan", "nan nhan", "victims"), maximum=100_000),
        Field("exploitation", "choice", "Mục đích mua bán", "Exploitation type", False,
              ("muc dich", "muc dich mua ban", "hinh thuc boc lot", "exploitation"), EXPLOITATION),
        Field("scope", "choice", "Phạm vi", "Scope", False, ("pham vi", "trong nuoc hay xuyen quoc gia", "scope"), (
            Choice("domestic", "trong nước", "domestic", ("noi dia", "domestic")),
            Choice("transnational", "xuyên quốc gia", "transnational", ("ra nuoc ngoai", "quoc te", "transnational", "cross border")),
        )),
        DESTINATION,
        Field("procuracy_unit", "unit", "Đơn vị VKS", "Procuracy unit", False,
              ("don vi vks", "vien kiem sat", "procuracy unit"),
              doc="The procuracy that accepted the case, when it is not the case's unit (after 1-7-2025 a regional "
                  "procuracy); empty = the case's unit, or for a city police case the city's procuracy (model/stage_units.py). "
                  "Procuracy measures are counted for it."),
        Field("court_unit", "unit", "Đơn vị Tòa án", "Court unit", False,
              ("don vi toa an", "toa an", "court unit"),
              doc="The court that accepted the case, when it is not the case's unit (after 1-7-2025 a regional "
                  "court); empty = the case's unit, or for a city police case the city's court (model/stage_units.py). "
                  "Court measures are counted for it."),
        TRANSFERRED_FROM,
    ),
    id_field="case_id", entry_date="initiated_date",
    date_order=(("initiated_date", "solved_date"), ("initiated_date", "investigation_end_date"),
                ("investigation_end_date", "procuracy_accepted_date"), ("procuracy_accepted_date", "procuracy_decision_date"),
                ("procuracy_decision_date", "court_accepted_date"), ("court_accepted_date", "court_decision_date")),
    outcome_pairs=(("investigation_end_date", "investigation_outcome"), ("procuracy_decision_date", "procuracy_decision"),
                   ("court_decision_date", "court_outcome")),
    stage_pairs=(("procuracy_accepted_date", "procuracy_decision_date"), ("court_accepted_date", "court_decision_date")),
    unit_dates=(("procuracy_unit", "procuracy_accepted_date", "procuracy"), ("court_unit", "court_accepted_date", "court")),
    family="investigation",
    decisions=(("unit", "solved_date", "investigation"), ("unit", "investigation_end_date", "investigation"),
               ("procuracy_unit", "procuracy_decision_date", "procuracy"), ("court_unit", "court_decision_date", "court")),
)

ARTICLES = (
    Choice("art150", "Điều 150 (mua bán người)", "Art. 150 (trafficking in persons)",
           ("dieu 150", "d150", "d 150", "150", "dieu 150 blhs", "mua ban nguoi", "art 150")),
    Choice("art151", "Điều 151 (mua bán người dưới 16 tuổi)", "Art. 151 (trafficking in persons under 16)",
           ("dieu 151", "d151", "d 151", "151", "dieu 151 blhs", "mua ban nguoi duoi 16 tuoi", "art 151")),
    Choice("both", "Điều 150 và 151", "Arts. 150 and 151", ("dieu 150 151", "150 151", "dieu 150 va 151", "d150 151")),
)


def _register(name: str, vi: str, en: str, family: str, people: Field, outcome: Field, outcome_date: Field,
              number: Field) -> Table:
    """A procuracy's or a court's own register: one row per acceptance of a case (issue #27, docs/decisions.md).
    Its outcome and outcome date are the cases table's fields of that stage (the same names, codes and
    vocabulary), with the register's own titles as aliases."""
    return Table(
        name, vi, en,
        (
            Field("register_number", "ref", "Số thụ lý", "Register number", True,
                  ("so thu ly", "so tl", "so thu ly vu an", "so vu an thu ly", "thu ly so", "register number", "case number"),
                  doc="The body's own number for the case (số thụ lý). A case returned for additional investigation "
                      "and accepted again is a second row, with the same or a new number and its own acceptance date."),
            UNIT,
            Field("accepted_date", "date", "Ngày thụ lý", "Accepted on", True,
                  ("ngay thu ly", "thu ly ngay", "ngay thu ly vu an", "accepted", "accepted on")),
            people,
            Field("article", "choice", "Điều luật (BLHS)", "Article (Criminal Code)", False,
                  ("dieu luat", "toi danh", "dieu", "dieu khoan", "article", "offence"), ARTICLES,
                  doc="Điều 150 (trafficking in persons) or 151 (trafficking in persons under 16) of the Criminal Code."),
            outcome_date,
            outcome,
            number,
            Field("case_id", "ref", "Mã vụ án của cơ quan điều tra", "Police case id", False,
                  ("ma vu an", "ma vu an cqdt", "so vu an cqdt", "police case id", "case id"),
                  doc="The police case this acceptance continues (the `case_id` of the cases table), when known: the "
                      "stage is then counted from this register, not from the police record."),
        ),
        entry_date="accepted_date", family=family, key=("unit", "register_number", "accepted_date"),
        date_order=(("accepted_date", outcome_date.name),),
        outcome_pairs=((outcome_date.name, outcome.name),),
        decisions=(("unit", outcome_date.name, family),),
    )


def _aliased(f: Field, vi: str, aliases: tuple[str, ...]) -> Field:
    """A cases field as a register carries it: its own title, the cases' aliases and the register's."""
    return Field(f.name, f.kind, vi, f.en, False, aliases + f.aliases, f.choices, f.maximum, f.doc)


PROCURACY_REGISTER = _register(
    "procuracy_register", "Sổ thụ lý, giải quyết vụ án của Viện kiểm sát", "Procuracy register", "procuracy",
    Field("suspects", "int", "Số bị can", "Suspects (bị can)", False, ("so bi can", "bi can", "suspects"), maximum=10_000),
    _aliased(CASES.field("procuracy_decision"), "Hình thức giải quyết",
             ("hinh thuc giai quyet", "ket qua giai quyet", "ket qua", "ket qua giai quyet hinh thuc", "outcome")),
    _aliased(CASES.field("procuracy_decision_date"), "Ngày giải quyết",
             ("ngay giai quyet", "ngay ket qua", "ngay quyet dinh", "ngay truy to", "ket qua giai quyet ngay",
              "quyet dinh ngay", "outcome date")),
    Field("indictment_number", "ref", "Số cáo trạng / quyết định", "Indictment or decision number", False,
          ("so cao trang", "cao trang so", "so quyet dinh", "quyet dinh so", "ket qua giai quyet so",
           "cao trang quyet dinh so", "indictment number")))

COURT_REGISTER = _register(
    "court_register", "Sổ thụ lý, giải quyết vụ án hình sự sơ thẩm của Tòa án", "Court register", "court",
    Field("defendants", "int", "Số bị cáo", "Defendants (bị cáo)", False, ("so bi cao", "bi cao", "defendants"),
          maximum=10_000),
    _aliased(CASES.field("court_outcome"), "Hình thức giải quyết",
             ("hinh thuc giai quyet", "ket qua giai quyet", "ket qua", "ket qua giai quyet hinh thuc", "outcome")),
    _aliased(CASES.field("court_decision_date"), "Ngày xét xử / quyết định",
             ("ngay giai quyet", "ngay ket qua", "ngay quyet dinh", "ngay xet xu", "ban an quyet dinh ngay",
              "ban an ngay", "quyet dinh ngay", "ngay ban an", "outcome date")),
    Field("judgment_number", "ref", "Số bản án / quyết định", "Judgment or decision number", False,
          ("so ban an", "ban an so", "so quyet dinh", "quyet dinh so", "ban an quyet dinh so", "judgment number")))

# The registers of the bodies that own the stages after the cases table: the stage each one records.
REGISTER_STAGES = {"procuracy_register": "procuracy", "court_register": "court"}

# Art. 37 of the Law on Prevention and Combat of Human Trafficking 2024 (Law 53/2024/QH15, in force 1-7-2025), in its
# order: a) essential needs, b) medical, c) interpretation, d) legal information, đ) legal aid, e) travel,
# g) psychological, h) general education, i) vocational training and jobs, k) initial hardship allowance and loans.
# "education" was one kind before #29 (general education and vocational training together): a record of that time
# keeps it; from 1-7-2025 vocational training is its own kind.
SUPPORT_KINDS = (
    Choice("essentials", "nhu cầu thiết yếu", "essential needs", ("nhu cau thiet yeu", "an o", "essential")),
    Choice("medical", "y tế", "medical care", ("y te", "medical", "health")),
    Choice("interpretation", "phiên dịch", "interpretation", ("phien dich", "ho tro phien dich", "interpretation", "interpreter")),
    Choice("legal_information", "hỗ trợ pháp luật (thông tin, tư vấn pháp luật)", "legal information",
           ("ho tro phap luat", "thong tin phap luat", "tu van phap luat", "legal information")),
    Choice("legal", "trợ giúp pháp lý", "legal aid", ("phap ly", "tro giup phap ly", "legal", "legal aid")),
    Choice("travel", "chi phí đi lại", "travel costs", ("di lai", "chi phi di lai", "travel")),
    Choice("psychological", "tâm lý", "psychological support", ("tam ly", "psychological", "counselling")),
    Choice("education", "học văn hóa (hồ sơ trước 1-7-2025: cả học nghề)", "general education (records before 1-7-2025: "
           "with vocational training)", ("hoc van hoa", "education")),
    Choice("vocational", "học nghề, tư vấn, tạo việc làm", "vocational training and jobs",
           ("hoc nghe", "tu van viec lam", "viec lam", "vocational")),
    Choice("allowance", "trợ cấp khó khăn ban đầu", "initial hardship allowance", ("tro cap", "tro cap kho khan", "allowance")),
    Choice("loan", "vay vốn", "loan", ("vay von", "loan")),
)

# Who a victims' record is about (#29). The 2024 Law supports three groups: victims, persons being identified as
# victims (art. 2: received, status not yet decided) and persons under 18 accompanying either. A person received is
# "being identified" until identified (identified_date) or found not to be a victim (not_victim_date); an
# accompanying child is recorded apart and never counted among victims. Empty: a victim or a person being identified
# (every record before #29).
ROLE = Field("role", "choice", "Đối tượng", "Person", False, ("doi tuong", "doi tuong tiep nhan", "role", "person"), (
    Choice("victim", "nạn nhân hoặc người đang trong quá trình xác định là nạn nhân",
           "victim, or person being identified as a victim",
           ("nan nhan", "nguoi dang trong qua trinh xac dinh", "dang xac dinh", "victim")),
    Choice("accompanying_child", "người dưới 18 tuổi đi cùng", "person under 18 accompanying a victim",
           ("nguoi duoi 18 tuoi di cung", "tre di cung", "di cung", "accompanying child", "accompanying")),
), doc="A victim (or a person being identified as one), or a person under 18 accompanying them (Law 53/2024/QH15 "
       "art. 37(2)-(3)); empty: a victim or a person being identified.")

VICTIMS = Table(
    "victims", "Nạn nhân", "Victims",
    (
        Field("victim_id", "id", "Mã nạn nhân (bí danh)", "Victim id (pseudonym)", True, ("ma nan nhan", "ma so nan nhan", "id"),
              doc="A pseudonymous code made up by the unit; never a name or an ID card number."),
        Field("case_id", "ref", "Mã vụ án", "Case id", False, ("ma vu an", "so vu an", "case")),
        UNIT,
        Field("sex", "choice", "Giới tính", "Sex", True, ("gioi tinh", "gender", "sex"), (
            Choice("female", "nữ", "female", ("nu", "f", "female", "gai")),
            Choice("male", "nam", "male", ("nam", "m", "male", "trai")),
            Choice("unknown", "chưa rõ", "unknown", ("khong ro", "chua ro", "unknown")),
        )),
        Field("age_group", "choice", "Nhóm tuổi", "Age group", True, ("nhom tuoi", "do tuoi", "age", "age group"), (
            Choice("child", "trẻ em (dưới 16 tuổi)", "child (under 16)", ("tre em", "duoi 16", "child", "minor")),
            Choice("youth", "người chưa thành niên (16 đến dưới 18)", "16 to 17", ("16 17", "chua thanh nien", "16 den duoi 18")),
            Choice("adult", "người lớn (từ 18 tuổi)", "adult (18 and over)", ("nguoi lon", "tu 18", "tren 18", "adult", "nguoi truong thanh")),
            Choice("unknown", "chưa rõ", "unknown", ("khong ro", "chua ro", "unknown")),
        )),
        Field("exploitation", "choice", "Mục đích bị mua bán", "Exploitation type", False,
              ("muc dich", "hinh thuc boc lot", "exploitation"), EXPLOITATION),
        DESTINATION,
        Field("received_date", "date", "Ngày tiếp nhận", "Received on", True, ("ngay tiep nhan", "received")),
        Field("verified_date", "date", "Ngày xác minh", "Verified on", False, ("ngay xac minh", "verified")),
        Field("identified_date", "date", "Ngày xác định là nạn nhân", "Identified as victim on", False,
              ("ngay xac dinh", "ngay xac dinh nan nhan", "identified")),
        Field("rescued_date", "date", "Ngày giải cứu", "Rescued on", False, ("ngay giai cuu", "rescued")),
        Field("protected_date", "date", "Ngày áp dụng biện pháp bảo vệ", "Protected on", False, ("ngay bao ve", "protected")),
        Field("supported_date", "date", "Ngày được hỗ trợ", "Supported on", False, ("ngay ho tro", "supported")),
        Field("support_kinds", "choices", "Hình thức hỗ trợ (cách nhau bằng ;)", "Support given (separated by ;)", False,
              ("hinh thuc ho tro", "che do ho tro", "support", "support kinds"), SUPPORT_KINDS),
        # #29, the 2024 Law: who the record is about, the end of "being identified"
        ROLE,
        Field("not_victim_date", "date", "Ngày kết luận không phải nạn nhân", "Found not to be a victim on", False,
              ("ngay ket luan khong phai nan nhan", "khong phai nan nhan", "not a victim", "not victim"),
              doc="The day a person being identified was found not to be a victim: from then on not \"being "
                  "identified\" (Law 53/2024/QH15)."),
    ),
    id_field="victim_id", entry_date="received_date", family="victims",
    date_order=(("received_date", "verified_date"), ("verified_date", "identified_date"), ("received_date", "identified_date"),
                ("received_date", "supported_date"), ("received_date", "not_victim_date")),
    decisions=tuple(("unit", day, "victims") for day in ("verified_date", "identified_date", "protected_date", "supported_date")),
)

AGGREGATES = Table(
    "aggregates", "Số liệu tổng hợp", "Aggregate counts",
    (
        UNIT,
        Field("period", "period", "Kỳ báo cáo", "Period", True, ("ky", "ky bao cao", "period"),
              doc="The period the counts cover: 2023-Q2, 2023-H1, 2023-9M, 2023 or 2023-05."),
        Field("measure", "measure", "Chỉ tiêu đếm", "Measure", True, ("chi tieu", "chi so", "measure", "noi dung"),
              doc="One of the measures in docs/data-model.md, e.g. reports.intake, or a breakdown such as victims.identified[sex=female]."),
        Field("value", "int", "Số lượng", "Count", True, ("so luong", "gia tri", "so", "value", "count"), maximum=1_000_000_000),
    ),
)

PERIOD = AGGREGATES.field("period")

# The plan's task groups (issue #15): what units did (counts per activity of params/activities.yaml)
# and what they write (results, difficulties, proposals), per period.
ACTIVITIES = Table(
    "activities", "Kết quả hoạt động theo nhóm nhiệm vụ", "Task-group activities",
    (
        UNIT, PERIOD,
        Field("activity", "activity", "Hoạt động", "Activity", True, ("hoat dong", "ma hoat dong", "activity", "activity id"),
              doc="One of the activities of params/activities.yaml (docs/activities.md), e.g. communication.sessions."),
        Field("value", "int", "Số lượng", "Count", True, ("so luong", "gia tri", "so", "value", "count"), maximum=1_000_000_000),
    ),
)

SECTIONS = (
    Choice("results", "kết quả đạt được", "results", ("ket qua", "ket qua thuc hien", "result")),
    Choice("difficulties", "khó khăn, vướng mắc, tồn tại", "difficulties and obstacles",
           ("kho khan", "vuong mac", "ton tai", "han che", "kho khan vuong mac", "difficulties", "obstacles")),
    Choice("proposals", "đề xuất, kiến nghị", "proposals", ("de xuat", "kien nghi", "proposal", "recommendations")),
)

UNIT_TEXTS = Table(
    "unit_texts", "Báo cáo bằng lời của đơn vị", "Units' written reports",
    (
        UNIT, PERIOD,
        Field("task_group", "int", "Nhóm nhiệm vụ (1-5; để trống: chung)", "Task group (1-5; empty: general)", False,
              ("nhom nhiem vu", "nhom", "task group", "group"), maximum=5,
              doc="The plan's task group (1-5, params/activities.yaml) the text is about; empty for the plan as a whole."),
        Field("section", "choice", "Phần", "Section", True, ("phan", "muc", "loai noi dung", "section"), SECTIONS),
        Field("text", "prose", "Nội dung báo cáo", "Text", True, ("noi dung bao cao", "van ban", "text", "content"),
              doc="What the unit writes, in its own words: no names, identity or phone numbers (refused like any cell)."),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (CRIME_REPORTS, CASES, VICTIMS, AGGREGATES, ACTIVITIES, UNIT_TEXTS,
                                                PROCURACY_REGISTER, COURT_REGISTER)}


def _breakdown_choices() -> dict[str, dict[str, Choice]]:
    """Each breakdown dimension's values (model/measures.py BREAKDOWNS), from the fields that carry them."""
    out: dict[str, dict[str, Choice]] = {}
    for table in TABLES.values():
        for f in table.fields:
            out.setdefault(f.name, {}).update({c.code: c for c in f.choices})
    out["support_kind"] = {c.code: c for c in SUPPORT_KINDS}
    out["status"] = {code: Choice(code, vi, en) for code, (vi, en) in RECEIVED_STATUSES.items()}
    return out


_CHOICES = _breakdown_choices()


def measure_label(measure_id: str, lang: str | None = None) -> str:
    """A measure as a reader names it, never its id: its stage and its words ("Tin báo: tồn đầu kỳ (kỳ trước chuyển
    sang)"), a breakdown's value after them ("Vụ án (điều tra): thụ lý mới trong kỳ, riêng xuyên quốc gia"). An id the
    catalogue does not know is returned as it is (it is then the unit's own word)."""
    try:
        measure, dimension, value = parse_measure(measure_id)
    except KeyError:
        return measure_id
    label = words.say("measure.label", lang, stage=words.say(f"measure.stage.{measure.stage}", lang),
                      name=words.pick(words.pair(measure.vi, measure.en), lang))
    if dimension is None or value is None:
        return label
    choice = _CHOICES.get(dimension, {}).get(value)
    return words.say("measure.label_part", lang, measure=label, part=words.pick(choice, lang) if choice else value)

# Headers that mean personal data. Such a column is refused, never stored.
PII_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("ho ten", "ho va ten", "ten", "ten nan nhan", "ten bi can", "ten doi tuong", "name", "full name", "first name",
             "last name", "surname", "victim name", "ho", "ten khai sinh"),
    "identity number": ("cccd", "cmnd", "so cccd", "so cmnd", "can cuoc", "can cuoc cong dan", "chung minh nhan dan",
                        "so dinh danh", "ma dinh danh", "ho chieu", "so ho chieu", "passport", "id number", "national id",
                        "identity card", "ssn"),
    "date of birth": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "dob", "date of birth", "birth date", "birthday"),
    "phone number": ("so dien thoai", "dien thoai", "sdt", "dt", "phone", "mobile", "telephone"),
    "address": ("dia chi", "noi o", "cho o", "noi cu tru", "que quan", "thuong tru", "tam tru", "address", "home address",
                "residence"),
    "e-mail": ("email", "e mail", "thu dien tu"),
}

# Headers that carry no data of ours and are ignored without complaint.
IGNORED_HEADERS = ("ghi chu", "notes", "note", "stt", "so thu tu", "tt", "no")
