#!/usr/bin/env python3
"""Reads every item of a mailbox's calendar with exchangelib, for the `calendar-read` benchmark.

The benchmark executable (prextra-sync-benchmarks calendar-read) starts the simulator, runs the
Swift client's read, then this script against the same simulator, and compares. Modes:
  idonly-getitem   SyncFolderItems IdOnly, 512 per page, then GetItem in batches (the Swift client's pattern)
  sync-all-fields  exchangelib's own sync_items(): every field requested in SyncFolderItems itself
Prints one JSON object: mode, items, seconds (from the first request to the last), peak RSS.
"""
import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the simulator serves plain http on loopback

from exchangelib import IMPERSONATION, OAUTH2, Account, Configuration, OAuth2Credentials, Version  # noqa: E402
from exchangelib.version import EXCHANGE_2016  # noqa: E402


def rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ews-url", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--mode", choices=["idonly-getitem", "sync-all-fields"], default="idonly-getitem")
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    token = {"access_token": args.token, "token_type": "Bearer", "expires_in": 3600, "expires_at": time.time() + 3600}
    credentials = OAuth2Credentials(client_id="unused", client_secret="unused", tenant_id="unused", access_token=token)
    config = Configuration(
        service_endpoint=args.ews_url, credentials=credentials, auth_type=OAUTH2, version=Version(build=EXCHANGE_2016))
    account = Account(primary_smtp_address=args.mailbox, config=config, autodiscover=False, access_type=IMPERSONATION)

    rss_before = rss_bytes()
    started = time.perf_counter()
    calendar = account.calendar
    items = 0
    if args.mode == "sync-all-fields":
        for change_type, _item in calendar.sync_items(max_changes_returned=512):
            if change_type == "create":
                items += 1
    else:
        ids = []
        for change_type, item in calendar.sync_items(only_fields=["id", "changekey"], max_changes_returned=512):
            if change_type == "create":
                ids.append((item.id, None))
        for _item in account.fetch(ids, folder=calendar, chunk_size=args.batch):
            items += 1
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"mode": args.mode, "items": items, "seconds": seconds, "peak_rss_bytes": peak,
                      "rss_before_bytes": rss_before, "exchangelib": __import__("exchangelib").__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
