//! Benchmarks of the safety checks on a large plan, and of cutting a zone's paint out of the skin (done for
//! the zone being dragged, each frame of the drag).

use criterion::{Criterion, criterion_group, criterion_main};
use sciatic_planner::anatomy::mesh::ModelMeshes;
use sciatic_planner::plan::{
    Anchor, ClientPosition, Point3, Pressure, Segment, SessionPlan, Shape, Technique, Tool, Zone,
};
use sciatic_planner::safety::{SafetyModel, check_safety};

/// 10,000 zones on a grid over the posterior body: both buttocks, thighs and calves.
fn big_plan() -> SessionPlan {
    let mut plan = SessionPlan::new("bench");
    let pressures = [Pressure::Light, Pressure::Moderate, Pressure::Deep];
    let tools = [Tool::Palm, Tool::Elbow, Tool::SoftFist, Tool::Thumb];
    for i in 0..10_000u32 {
        let x = -0.18 + 0.36 * ((i % 100) as f32 / 99.0);
        let y = 0.10 + 0.95 * ((i / 100) as f32 / 99.0);
        plan.zones.push(Zone {
            id: format!("z{i}"),
            label: String::new(),
            order: i + 1,
            anchor: Anchor {
                structure: "skin".into(),
                position: Point3::new(x, y, -0.15),
                normal: Point3::new(0.0, 0.0, -1.0),
                segment: Segment::Pelvis,
            },
            shape: Shape::Disc { radius_mm: 20.0 },
            technique: Technique::StaticCompression,
            pressure: pressures[i as usize % 3],
            tool: tools[i as usize % 4],
            position: ClientPosition::Prone,
            duration_min: 1.0,
            notes: String::new(),
        });
    }
    plan
}

fn bench(c: &mut Criterion) {
    let model = SafetyModel::embedded();
    let plan = big_plan();
    c.bench_function("check_10000_zones", |b| {
        b.iter(|| check_safety(std::hint::black_box(&plan), model))
    });
    let skin = ModelMeshes::embedded()
        .node("skin")
        .expect("the model has a skin");
    let centre = glam::Vec3::new(-0.09, 0.88, -0.17);
    c.bench_function("paint_zone_on_skin", |b| {
        b.iter(|| {
            skin.patch(
                std::hint::black_box(&[centre]),
                0.034,
                glam::Vec3::NEG_Z,
                0.0012,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
