"""Offline MITRE ATT&CK data for pySigma's `attacktag` validator (run by setup.mjs).

pySigma 1.x downloads ATT&CK's STIX bundle from GitHub the first time a tag validator runs; the oracle machines
reach PyPI only. pySigma 0.11.x shipped the same tables as a generated module (`sigma/data/mitre_attack.py`,
ATT&CK 17.0, built by SigmaHQ from MITRE's STIX data). This script reads that module out of the pinned pySigma
0.11 wheel (as data: `ast.literal_eval`, never imported or executed) and writes the minimal STIX bundle pySigma
1.x's loader reads (`sigma.data.mitre_attack.set_url(path)`): the collection version, tactics, techniques with
their tactics, intrusion sets and software.

Usage: python attack_data.py PYSIGMA_0_11_WHEEL OUT_JSON
"""

import ast
import json
import sys
import zipfile

MODULE = "sigma/data/mitre_attack.py"
TABLES = (
    "mitre_attack_version",
    "mitre_attack_tactics",
    "mitre_attack_techniques",
    "mitre_attack_techniques_tactics_mapping",
    "mitre_attack_intrusion_sets",
    "mitre_attack_software",
)


def read_tables(wheel: str) -> dict:
    with zipfile.ZipFile(wheel) as z:
        source = z.read(MODULE).decode("utf-8")
    tables = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            if node.target.id in TABLES:
                tables[node.target.id] = ast.literal_eval(node.value)
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise SystemExit(f"{wheel}: {MODULE} lacks {', '.join(missing)}")
    return tables


def ref(external_id: str) -> list:
    return [{"source_name": "mitre-attack", "external_id": external_id}]


def to_stix(t: dict) -> dict:
    objects = [{"type": "x-mitre-collection", "x_mitre_version": t["mitre_attack_version"]}]
    for tid, shortname in t["mitre_attack_tactics"].items():
        objects.append({"type": "x-mitre-tactic", "x_mitre_shortname": shortname, "external_references": ref(tid)})
    mapping = t["mitre_attack_techniques_tactics_mapping"]
    for tid, name in t["mitre_attack_techniques"].items():
        phases = [{"kill_chain_name": "mitre-attack", "phase_name": p} for p in mapping.get(tid, [])]
        objects.append({"type": "attack-pattern", "name": name, "external_references": ref(tid), "kill_chain_phases": phases})
    for gid, name in t["mitre_attack_intrusion_sets"].items():
        objects.append({"type": "intrusion-set", "name": name, "external_references": ref(gid)})
    for sid, name in t["mitre_attack_software"].items():
        objects.append({"type": "tool", "name": name, "external_references": ref(sid)})
    return {"type": "bundle", "id": "bundle--spl2x-offline-attack", "objects": objects}


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    tables = read_tables(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(to_stix(tables), f)
    print(f"ATT&CK {tables['mitre_attack_version']}: {len(tables['mitre_attack_tactics'])} tactics, {len(tables['mitre_attack_techniques'])} techniques")


if __name__ == "__main__":
    main()
