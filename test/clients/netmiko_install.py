"""A netmiko script as a user would write it: log in, enable, read show version parsed by the
ntc-templates (NET_TEXTFSM), install the activation key, read it back.

argv[1]: JSON {"host", "port", "username", "password", "secret", "key"}
stdout: JSON with each step's result.
"""
import json
import sys

from netmiko import ConnectHandler

args = json.loads(sys.argv[1])
conn = ConnectHandler(
    device_type="cisco_asa",
    host=args["host"],
    port=args["port"],
    username=args["username"],
    password=args["password"],
    secret=args["secret"],
)
result = {"prompt": conn.find_prompt()}
result["before"] = conn.send_command("show version", use_textfsm=True)
result["install"] = conn.send_config_set(["activation-key " + args["key"]])
result["after"] = conn.send_command("show version", use_textfsm=True)
result["raw"] = conn.send_command("sh ver")
result["inventory"] = conn.send_command("show inventory", use_textfsm=True)
conn.disconnect()
json.dump(result, sys.stdout)
