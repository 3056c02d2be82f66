#!/usr/bin/env python3
"""Reads a mailbox's calendar view and contacts through delta with Microsoft's msgraph-sdk, for the
`graph-read` benchmark.

The benchmark executable (prextra-sync-benchmarks graph-read) starts the simulator, runs the Swift
client's delta rounds, then this script against the same simulator, and compares. Both ask for
pages of 100 (`Prefer: odata.maxpagesize=100`) and immutable ids, over the same window.
Prints one JSON object: events, contacts, seconds (from the first request to the last), peak RSS.
The token is an argument and is never printed.
"""
import argparse
import asyncio
import json
import resource
import time
from importlib.metadata import version
from typing import Any

import httpx
from kiota_abstractions.authentication import (AccessTokenProvider, AllowedHostsValidator,
                                               BaseBearerTokenAuthenticationProvider)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.users.item.calendar_view.delta.delta_request_builder import DeltaRequestBuilder
from msgraph_core import GraphClientFactory

PREFER = ['IdType="ImmutableId"', "odata.maxpagesize=100"]


class StaticToken(AccessTokenProvider):
    def __init__(self, token: str, hosts: list[str]):
        self._token, self._validator = token, AllowedHostsValidator(hosts)

    async def get_authorization_token(self, uri: str, additional_authentication_context: dict[str, Any] = {}) -> str:
        return self._token if self._validator.is_url_host_valid(uri) else ""

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._validator


def config(query: Any = None) -> RequestConfiguration:
    c = RequestConfiguration()
    if query is not None:
        c.query_parameters = query
    for value in PREFER:
        c.headers.add("Prefer", value)
    return c


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    args = parser.parse_args()

    host = httpx.URL(args.base_url).host
    auth = BaseBearerTokenAuthenticationProvider(StaticToken(args.token, [host]))
    http = GraphClientFactory.create_with_default_middleware(client=httpx.AsyncClient(timeout=120))
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = args.base_url.rstrip("/") + "/v1.0"
    user = GraphServiceClient(request_adapter=adapter).users.by_user_id(args.mailbox)

    started = time.monotonic()
    events = 0
    query = DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(start_date_time=args.start, end_date_time=args.end)
    page = await user.calendar_view.delta.get(request_configuration=config(query))
    while True:
        events += len(page.value or [])
        if page.odata_next_link:
            page = await user.calendar_view.delta.with_url(page.odata_next_link).get(request_configuration=config())
        else:
            break
    contacts = 0
    page = await user.contacts.delta.get(request_configuration=config())
    while True:
        contacts += len(page.value or [])
        if page.odata_next_link:
            page = await user.contacts.delta.with_url(page.odata_next_link).get(request_configuration=config())
        else:
            break
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"events": events, "contacts": contacts, "seconds": seconds, "peak_rss_bytes": peak,
                      "msgraph": version("msgraph-sdk")}))


if __name__ == "__main__":
    asyncio.run(main())
