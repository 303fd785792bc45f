from tipmonitor.core.formatting import basis_points, format_count, format_fraction, format_points, format_rate


def test_official_example_and_both_languages():
    # 2,437/2,829 = 0.861435... -> 86.14%
    assert format_rate(2437, 2829, "en") == "86.14%"
    assert format_rate(2437, 2829, "vi") == "86,14%"
    assert format_fraction(2437, 2829, "vi") == "2.437/2.829"
    assert format_fraction(2437, 2829, "en") == "2,437/2,829"


def test_half_up_rounding_in_integers():
    # 1/8 = 12.5% exactly; 1/800 = 0.125% -> 0.13% (half up, not half even)
    assert format_rate(1, 800, "en") == "0.13%"
    assert basis_points(1, 800) == 13
    # 2/3 = 66.666...% -> 66.67%
    assert format_rate(2, 3, "en") == "66.67%"
    # 89,995/100,000 = 89.995% -> 90.00% (half up)
    assert format_rate(89995, 100000, "en") == "90.00%"


def test_no_data_is_a_dash_never_zero():
    assert format_rate(0, 0) == "–"
    assert format_rate(3, float("nan")) == "–"
    assert format_count(None) == "–"


def test_points_with_sign():
    assert format_points(3.456, "en") == "+3.46 pp"
    assert format_points(-0.004, "vi") == "−0,00 điểm %"
    assert format_points(0.0, "en") == "±0.00 pp"
