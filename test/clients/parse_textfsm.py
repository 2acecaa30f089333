"""Parses CLI outputs with TextFSM templates, as netmiko and Ansible do.

stdin: JSON [{"template": path, "text": output}, ...]
stdout: JSON [{"rows": [{field: value}, ...]} or {"error": message}, ...]
"""
import json
import sys

import textfsm

results = []
for item in json.load(sys.stdin):
    with open(item["template"]) as f:
        fsm = textfsm.TextFSM(f)
    try:
        rows = fsm.ParseText(item["text"])
        results.append({"rows": [dict(zip(fsm.header, row)) for row in rows]})
    except textfsm.TextFSMError as err:
        results.append({"error": str(err)})
json.dump(results, sys.stdout)
