use super::*;
use crate::builtins::test_support::{call, error, ints, list, run, s};

#[test]
fn abs_keeps_the_type() {
    assert_eq!(run(abs, &[Value::Int(-3)]), "3");
    assert_eq!(run(abs, &[Value::Float(-2.5)]), "2.5");
    assert_eq!(run(abs, &[Value::Byte(7)]), "7");
    assert_eq!(run(abs, &[Value::Int(i64::MIN)]), i64::MIN.to_string());
    let Ok(Value::Float(zero)) = call(abs, &[Value::Float(-0.0)]) else {
        panic!("expected a float")
    };
    assert!(zero.is_sign_negative(), "Go's abs(-0.0) is -0.0");
}

#[test]
fn err_abs_of_a_string() {
    assert_eq!(
        error(abs, &[s("1")]),
        "invalid argument for abs (type string)"
    );
    assert_eq!(
        error(abs, &[Value::Nil]),
        "invalid argument for abs (type <nil>)"
    );
}

#[test]
fn rounding_always_gives_floats() {
    assert_eq!(run(ceil, &[Value::Int(5)]), "5.0");
    assert_eq!(run(ceil, &[Value::Float(1.2)]), "2.0");
    assert_eq!(run(floor, &[Value::Float(-1.5)]), "-2.0");
    assert_eq!(run(round, &[Value::Float(2.5)]), "3.0");
    assert_eq!(run(round, &[Value::Float(-2.5)]), "-3.0");
    assert_eq!(run(round, &[Value::Float(0.49999999999999994)]), "0.0");
}

#[test]
fn err_rounding_of_a_string() {
    assert_eq!(
        error(round, &[s("1")]),
        "invalid argument for round (type string)"
    );
    assert_eq!(
        error(ceil, &[Value::Bool(true)]),
        "invalid argument for ceil (type bool)"
    );
    assert_eq!(
        error(floor, &[]),
        "invalid number of arguments (expected 1, got 0)"
    );
}

#[test]
fn max_and_min_keep_the_chosen_element() {
    assert_eq!(run(max, &[Value::Int(1), Value::Float(2.5)]), "2.5");
    assert_eq!(run(max, &[Value::Int(1), Value::Float(1.0)]), "1");
    assert_eq!(run(max, &[Value::Float(1.0), Value::Int(1)]), "1.0");
    assert_eq!(run(min, &[Value::Float(1.0), Value::Int(1)]), "1.0");
    assert_eq!(
        run(
            max,
            &[
                list(&[ints(&[3]), list(&[ints(&[9]), ints(&[])])]),
                Value::Int(5)
            ]
        ),
        "9"
    );
    assert_eq!(run(min, &[ints(&[4, -2, 8])]), "-2");
    assert_eq!(run(max, &[list(&[])]), "null");
    assert_eq!(run(max, &[s("a")]), "\"a\"");
    assert_eq!(run(max, &[Value::Nil]), "null");
}

#[test]
fn err_max_and_min_messages() {
    assert_eq!(
        error(max, &[Value::Int(1), s("a")]),
        "invalid argument for max (type string)"
    );
    assert_eq!(
        error(min, &[list(&[Value::Int(1), Value::Nil])]),
        "invalid argument for min (type <nil>)"
    );
    assert_eq!(
        error(max, &[list(&[s("a")])]),
        "invalid argument for max (type string)"
    );
    assert_eq!(error(max, &[]), "not enough arguments to call max");
}

#[test]
fn mean_and_median_are_floats() {
    assert_eq!(run(mean, &[ints(&[1, 2, 3, 4])]), "2.5");
    assert_eq!(
        run(
            mean,
            &[Value::Int(1), list(&[Value::Float(2.0), ints(&[3])])]
        ),
        "2.0"
    );
    assert_eq!(run(mean, &[list(&[])]), "0.0");
    assert_eq!(run(median, &[ints(&[5, 1, 3])]), "3.0");
    assert_eq!(run(median, &[ints(&[4, 1, 3, 2])]), "2.5");
    assert_eq!(run(median, &[list(&[])]), "0.0");
}

#[test]
fn err_mean_and_median_messages() {
    assert_eq!(
        error(mean, &[s("a")]),
        "invalid argument for mean (type string)"
    );
    assert_eq!(
        error(median, &[list(&[Value::Int(1), Value::Bool(true)])]),
        "invalid argument for median (type bool)"
    );
}

#[test]
fn deeply_nested_numbers_fail_like_go() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut value = ints(&[1]);
            for _ in 0..crate::builtins::array::MAX_DEPTH + 1 {
                value = list(&[value]);
            }
            assert_eq!(error(max, &[value.clone()]), "recursion depth exceeded");
            assert_eq!(error(mean, &[value]), "recursion depth exceeded");
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn bit_operations() {
    let two = |a, b| [Value::Int(a), Value::Int(b)];
    assert_eq!(run(bitand, &two(12, 10)), "8");
    assert_eq!(run(bitor, &two(12, 10)), "14");
    assert_eq!(run(bitxor, &two(12, 10)), "6");
    assert_eq!(run(bitnand, &two(12, 10)), "4");
    assert_eq!(run(bitnot, &[Value::Int(5)]), "-6");
    assert_eq!(run(bitshl, &two(1, 4)), "16");
    assert_eq!(run(bitshl, &two(1, 63)), i64::MIN.to_string());
    assert_eq!(run(bitshl, &two(1, 64)), "0");
    assert_eq!(run(bitshr, &two(-16, 2)), "-4");
    assert_eq!(run(bitshr, &two(-16, 100)), "-1");
    assert_eq!(run(bitshr, &two(16, 100)), "0");
    assert_eq!(run(bitushr, &two(-1, 60)), "15");
    assert_eq!(run(bitushr, &two(-1, 64)), "0");
    assert_eq!(run(bitand, &[Value::Byte(3), Value::Int(1)]), "1");
}

#[test]
fn err_bit_operations() {
    assert_eq!(
        error(bitshl, &[Value::Int(1), Value::Int(-1)]),
        "invalid operation: negative shift count -1 (type int)"
    );
    assert_eq!(
        error(bitand, &[Value::Float(1.0), Value::Int(1)]),
        "cannot use float64 as argument (type int) to call bitand"
    );
    assert_eq!(
        error(bitnot, &[Value::Nil]),
        "cannot use <nil> as argument (type int) to call bitnot"
    );
    assert_eq!(
        error(bitor, &[Value::Int(1)]),
        "invalid number of arguments for bitor (expected 2, got 1)"
    );
}
