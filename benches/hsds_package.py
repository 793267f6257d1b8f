#!/usr/bin/env python3
"""Grows an HSDS data package (as `lantern export --format hsds` writes it) to a target size,
for timing imports: every service is copied, with its phones, service areas and attributes,
under new IDs and slugs, until the package's CSV files reach the size asked for.

Usage: hsds_package.py FROM_DIR TO_DIR MEGABYTES
"""

import csv
import os
import shutil
import sys


def rows(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def main():
    source, target, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    tables = {name: rows(os.path.join(source, f"{name}.csv"))
              for name in ["services", "phones", "service_areas", "attributes", "taxonomy_terms"]}
    slug_term = next(t["id"] for t in tables["taxonomy_terms"][1] if t["code"] == "slug")
    services = tables["services"][1]
    by_link = {}
    # Attributes that name another attribute by id (a fact's source names its fact, a value's
    # "from" names the link it came from): a copy must name the copy, or it names nothing.
    attribute_ids = {attribute["id"] for attribute in tables["attributes"][1]}

    def copied_value(attribute, suffix):
        value = attribute["value"]
        if attribute["link_type"] in ("fact_source", "from") and value in attribute_ids:
            value += suffix
        return value

    for attribute in tables["attributes"][1]:
        by_link.setdefault(attribute["link_id"], []).append(attribute)
    phones_of, areas_of = {}, {}
    for phone in tables["phones"][1]:
        phones_of.setdefault(phone["service_id"], []).append(phone)
    for area in tables["service_areas"][1]:
        areas_of.setdefault(area["service_id"], []).append(area)

    out = {name: open(os.path.join(target, f"{name}.csv"), "a", newline="")
           for name in ["services", "phones", "service_areas", "attributes"]}
    writers = {name: csv.DictWriter(f, fieldnames=tables[name][0]) for name, f in out.items()}

    def size():
        for f in out.values():
            f.flush()
        return sum(os.path.getsize(os.path.join(target, name))
                   for name in os.listdir(target))

    copy = 0
    while size() < megabytes * 1024 * 1024:
        copy += 1
        suffix = f"-{copy}"
        for service in services:
            sid = service["id"] + suffix
            writers["services"].writerow({**service, "id": sid})
            for attribute in by_link.get(service["id"], []):
                value = copied_value(attribute, suffix)
                if attribute["taxonomy_term_id"] == slug_term:
                    value += suffix
                writers["attributes"].writerow(
                    {**attribute, "id": attribute["id"] + suffix, "link_id": sid, "value": value})
            for phone in phones_of.get(service["id"], []):
                pid = phone["id"] + suffix
                writers["phones"].writerow({**phone, "id": pid, "service_id": sid})
                for attribute in by_link.get(phone["id"], []):
                    writers["attributes"].writerow(
                        {**attribute, "id": attribute["id"] + suffix, "link_id": pid,
                         "value": copied_value(attribute, suffix)})
            for area in areas_of.get(service["id"], []):
                writers["service_areas"].writerow(
                    {**area, "id": area["id"] + suffix, "service_id": sid})
    print(f"{target}: {size() / 1024 / 1024:.1f} MB, {len(services) * (copy + 1)} services")


if __name__ == "__main__":
    main()
