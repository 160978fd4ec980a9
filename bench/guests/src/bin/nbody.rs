//! n-body simulation of the Jovian planets (the classic benchmark), f64 arithmetic.
use std::hint::black_box;

use wint_bench_guests::report;

const PI: f64 = std::f64::consts::PI;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

fn bodies() -> [Body; 5] {
    let b = |pos: [f64; 3], vel: [f64; 3], mass: f64| Body {
        pos,
        vel: vel.map(|v| v * DAYS_PER_YEAR),
        mass: mass * SOLAR_MASS,
    };
    [
        b([0.0; 3], [0.0; 3], 1.0),
        b(
            [
                4.841_431_442_464_72,
                -1.160_320_044_027_428_4,
                -0.103_622_044_471_123_11,
            ],
            [
                0.001_660_076_642_744_037,
                0.007_699_011_184_197_404,
                -0.000_069_046_000_595_2,
            ],
            0.000_954_791_938_424_326_6,
        ),
        b(
            [
                8.343_366_718_244_58,
                4.124_798_564_124_305,
                -0.403_523_417_114_321_4,
            ],
            [
                -0.002_767_425_107_268_624,
                0.004_998_528_012_349_172,
                0.000_023_041_729_757_376,
            ],
            0.000_285_885_980_666_130_8,
        ),
        b(
            [
                12.894_369_562_139_131,
                -15.111_151_401_698_631,
                -0.223_307_578_892_655_73,
            ],
            [
                0.002_964_601_375_647_616,
                0.002_378_471_739_594_809,
                -0.000_029_658_956_854_02,
            ],
            0.000_043_662_440_433_515_6,
        ),
        b(
            [
                15.379_697_114_850_917,
                -25.919_314_609_987_964,
                0.179_258_772_950_371_1,
            ],
            [
                0.002_680_677_724_903_893,
                0.001_628_241_700_382_423,
                -0.000_095_159_225_451_97,
            ],
            0.000_051_513_890_204_661_4,
        ),
    ]
}

fn offset_momentum(b: &mut [Body; 5]) {
    let mut p = [0.0; 3];
    for body in b.iter() {
        for k in 0..3 {
            p[k] += body.vel[k] * body.mass;
        }
    }
    for k in 0..3 {
        b[0].vel[k] = -p[k] / SOLAR_MASS;
    }
}

fn energy(b: &[Body; 5]) -> f64 {
    let mut e = 0.0;
    for i in 0..b.len() {
        let v = &b[i].vel;
        e += 0.5 * b[i].mass * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for j in i + 1..b.len() {
            let d: [f64; 3] = std::array::from_fn(|k| b[i].pos[k] - b[j].pos[k]);
            e -= b[i].mass * b[j].mass / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        }
    }
    e
}

#[inline(never)]
fn advance(b: &mut [Body; 5], dt: f64) {
    for i in 0..b.len() {
        for j in i + 1..b.len() {
            let d: [f64; 3] = std::array::from_fn(|k| b[i].pos[k] - b[j].pos[k]);
            let d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            let mag = dt / (d2 * d2.sqrt());
            let (mi, mj) = (b[i].mass, b[j].mass);
            for k in 0..3 {
                b[i].vel[k] -= d[k] * mj * mag;
                b[j].vel[k] += d[k] * mi * mag;
            }
        }
    }
    for body in b.iter_mut() {
        for k in 0..3 {
            body.pos[k] += dt * body.vel[k];
        }
    }
}

fn main() {
    let steps = black_box(500_000);
    let mut b = bodies();
    offset_momentum(&mut b);
    let e0 = energy(&b);
    for _ in 0..steps {
        advance(&mut b, 0.01);
    }
    let e1 = energy(&b);
    report(format_args!("{e0:.9} {e1:.9} {:016x}", e1.to_bits()));
}
