#!/usr/bin/env python3
"""Interoperability check: the third-party Python EWS client `exchangelib` against the simulator.

It lists, creates, updates, syncs and deletes calendar items (including a recurring series with a
modified and a deleted occurrence, and a named extended property), contacts and tasks, through the
simulator's EWS endpoint with an app-only token and impersonation, the way a customer's Exchange
Online would be used. Any mismatch raises, and the exit status is non-zero.

Set-up (once):  python3 -m venv .venv && .venv/bin/pip install exchangelib
Run, with a token you already hold:
    .venv/bin/python scripts/exchangelib_interop.py --ews-url http://127.0.0.1:PORT/EWS/Exchange.asmx \
        --mailbox alice@contoso.example --token eyJ...
or let it fetch one by client credentials from the simulator's token endpoint:
    ... --authority http://127.0.0.1:PORT --tenant TENANT --client-id ID --client-secret SECRET
The Swift test `ExchangelibInteropTests` runs this script against a fresh simulator.
"""
import argparse
import datetime
import decimal
import os
import sys
import time

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the simulator may serve plain http on loopback

from exchangelib import (  # noqa: E402
    IMPERSONATION, OAUTH2, Account, CalendarItem, Configuration, Contact, EWSDateTime, EWSTimeZone,
    ExtendedProperty, Folder, OAuth2Credentials, Task, Version,
)
from exchangelib.indexed_properties import EmailAddress  # noqa: E402
from exchangelib.items import SEND_TO_NONE  # noqa: E402
from exchangelib.recurrence import Recurrence, WeeklyPattern  # noqa: E402
from exchangelib.version import EXCHANGE_2016  # noqa: E402


class PrextraRecordId(ExtendedProperty):
    """The sync tag: a PublicStrings named property, as the product writes it."""
    distinguished_property_set_id = "PublicStrings"
    property_name = "PrextraRecordId"
    property_type = "String"


class SimulatorCredentials(OAuth2Credentials):
    """Client credentials against the simulator's authority instead of login.microsoftonline.com."""
    def __init__(self, authority, **kwargs):
        super().__init__(**kwargs)
        self.authority = authority.rstrip("/")

    @property
    def token_url(self):
        return f"{self.authority}/{self.tenant_id}/oauth2/v2.0/token"

    @property
    def scope(self):
        return ["https://outlook.office365.com/.default"]


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"  ok: {message}")


def account_for(args):
    if args.token:
        token = {"access_token": args.token, "token_type": "Bearer", "expires_in": 3600, "expires_at": time.time() + 3600}
        credentials = OAuth2Credentials(client_id="unused", client_secret="unused", tenant_id="unused", access_token=token)
    else:
        credentials = SimulatorCredentials(
            authority=args.authority, client_id=args.client_id, client_secret=args.client_secret, tenant_id=args.tenant)
    config = Configuration(
        service_endpoint=args.ews_url, credentials=credentials, auth_type=OAUTH2, version=Version(build=EXCHANGE_2016))
    return Account(primary_smtp_address=args.mailbox, config=config, autodiscover=False, access_type=IMPERSONATION)


def sync_all(folder, state):
    """Runs SyncFolderItems until IncludesLastItemInRange; returns (changes by kind, new state)."""
    changes = {"create": [], "update": [], "delete": [], "read_flag_change": []}
    for change_type, item in folder.sync_items(sync_state=state, max_changes_returned=2):
        changes[change_type].append(item)
    return changes, folder.item_sync_state


def calendar_checks(account, zone):
    print("calendar")
    calendar = account.calendar
    before = list(calendar.all().only("subject"))
    print(f"  calendar holds {len(before)} items")
    _, state = sync_all(calendar, None)

    single = CalendarItem(
        folder=calendar, subject="Interop single", start=EWSDateTime(2026, 4, 7, 9, 0, tzinfo=zone),
        end=EWSDateTime(2026, 4, 7, 10, 0, tzinfo=zone), body="created by exchangelib")
    single.prextra_record_id = "appointment-1"
    single.save(send_meeting_invitations=SEND_TO_NONE)
    check(single.id and single.changekey, "single appointment created with ItemId and ChangeKey")
    first_key = single.changekey

    series = CalendarItem(
        folder=calendar, subject="Interop series", start=EWSDateTime(2026, 4, 6, 14, 0, tzinfo=zone),
        end=EWSDateTime(2026, 4, 6, 15, 0, tzinfo=zone),
        recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[1]), start=datetime.date(2026, 4, 6), number=5))
    series.save(send_meeting_invitations=SEND_TO_NONE)
    check(series.id is not None, "recurring series created")

    fetched = calendar.get(id=single.id)
    check(fetched.subject == "Interop single", "GetItem returns the subject")
    check(fetched.prextra_record_id == "appointment-1", "the PublicStrings extended property reads back")
    tagged = list(calendar.filter(prextra_record_id="appointment-1"))
    check([item.id for item in tagged] == [single.id], "a restriction on the extended property finds the item")

    fetched.subject = "Interop single (edited)"
    fetched.save(update_fields=["subject"], send_meeting_invitations=SEND_TO_NONE)
    check(fetched.changekey != first_key, "UpdateItem changes the ChangeKey")

    occurrences = list(calendar.view(start=EWSDateTime(2026, 4, 1, tzinfo=zone), end=EWSDateTime(2026, 5, 15, tzinfo=zone)))
    series_occurrences = [item for item in occurrences if item.subject == "Interop series"]
    check(len(series_occurrences) == 5, "CalendarView expands the series into 5 occurrences")
    check(all(item.type == "Occurrence" for item in series_occurrences), "occurrences are typed Occurrence")
    check(series_occurrences[0].start == EWSDateTime(2026, 4, 6, 14, 0, tzinfo=zone), "first occurrence at the series start")

    second = series_occurrences[1]
    second.subject = "Interop series (moved)"
    second.start = EWSDateTime(2026, 4, 13, 16, 0, tzinfo=zone)
    second.end = EWSDateTime(2026, 4, 13, 17, 0, tzinfo=zone)
    second.save(update_fields=["subject", "start", "end"], send_meeting_invitations=SEND_TO_NONE)
    series_occurrences[2].delete(send_meeting_cancellations=SEND_TO_NONE)
    master = calendar.get(id=series.id)
    check(master.type == "RecurringMaster", "the master reads back as RecurringMaster")
    check(len(master.modified_occurrences or []) == 1, "the master lists one modified occurrence")
    check(len(master.deleted_occurrences or []) == 1, "the master lists one deleted occurrence")
    after = [item for item in calendar.view(start=EWSDateTime(2026, 4, 1, tzinfo=zone), end=EWSDateTime(2026, 5, 15, tzinfo=zone))
             if item.subject and item.subject.startswith("Interop series")]
    check(len(after) == 4 and sum(1 for item in after if item.type == "Exception") == 1,
          f"the view now has 4 instances, one of them an exception ({[(item.subject, item.type) for item in after]})")

    changes, state = sync_all(calendar, state)
    created = {item.id for item in changes["create"]}
    check(created == {single.id, series.id}, "SyncFolderItems reports both new items once, as Create, masters only")
    _, again = sync_all(calendar, state)
    check(again == state, "a sync with no change keeps the same state")

    deleted = {single.id, series.id}  # exchangelib clears .id on delete
    single.delete(send_meeting_cancellations=SEND_TO_NONE)
    series.delete(send_meeting_cancellations=SEND_TO_NONE)
    changes, state = sync_all(calendar, state)
    check({item.id for item in changes["delete"]} == deleted, "deletes come back as Delete")


def contact_checks(account):
    print("contacts")
    folder = account.contacts
    _, state = sync_all(folder, None)
    contact = Contact(
        folder=folder, display_name="Grace Hopper", given_name="Grace", surname="Hopper", company_name="Navy",
        email_addresses=[EmailAddress(email="grace@example.org", label="EmailAddress1")])
    contact.prextra_record_id = "contact-1"
    contact.save()
    check(contact.id is not None, "contact created")
    fetched = folder.get(id=contact.id)
    check(fetched.display_name == "Grace Hopper", "GetItem returns the contact")
    check(fetched.prextra_record_id == "contact-1", "extended property on a contact")
    fetched.company_name = "US Navy"
    fetched.save(update_fields=["company_name"])
    check(folder.get(id=contact.id).company_name == "US Navy", "contact updated")
    changes, state = sync_all(folder, state)
    check([item.id for item in changes["create"]] == [contact.id], "contact synced as one Create")
    contact_id = contact.id
    contact.delete()
    changes, _ = sync_all(folder, state)
    check([item.id for item in changes["delete"]] == [contact_id], "contact delete synced")


def streaming_checks(account):
    """Streaming notifications: Subscribe, GetStreamingEvents read until Closed, Unsubscribe.
    The simulator shortens a ConnectionTimeout minute for this run (streamingMinute)."""
    folder = account.tasks
    subscription_id = folder.subscribe_to_streaming()
    check(bool(subscription_id), "Subscribe (streaming) returns a subscription id")
    task = Task(folder=folder, subject="Interop streamed")
    task.save()
    events = []
    for notification in folder.get_streaming_events(subscription_id, connection_timeout=1):
        check(notification.subscription_id == subscription_id, "a notification names its subscription")
        events.extend(notification.events)
    created = [event for event in events if type(event).__name__ == "CreatedEvent"]
    check([event.item_id.id for event in created] == [task.id], "the new task arrives as one CreatedEvent")
    folder.unsubscribe(subscription_id)
    task.delete()


def task_checks(account, zone):
    print("tasks")
    folder = account.tasks
    _, state = sync_all(folder, None)
    task = Task(folder=folder, subject="Interop task", due_date=datetime.date(2026, 4, 10))
    task.prextra_record_id = "task-1"
    task.save()
    check(task.id is not None, "task created")
    fetched = folder.get(id=task.id)
    check(fetched.prextra_record_id == "task-1", "extended property on a task")
    fetched.percent_complete = decimal.Decimal(50)
    fetched.status = "InProgress"
    fetched.save(update_fields=["percent_complete", "status"])
    check(folder.get(id=task.id).status == "InProgress", "task updated")
    changes, state = sync_all(folder, state)
    check([item.id for item in changes["create"]] == [task.id], "task synced as one Create")
    task_id = task.id
    task.delete()
    changes, _ = sync_all(folder, state)
    check([item.id for item in changes["delete"]] == [task_id], "task delete synced")


def folder_checks(account):
    print("folders")
    folder = Folder(parent=account.contacts, name="Prextra interop")
    folder.save()
    check(folder.id is not None, "folder created under Contacts (CreateFolder)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ews-url", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--token")
    parser.add_argument("--authority")
    parser.add_argument("--tenant")
    parser.add_argument("--client-id")
    parser.add_argument("--client-secret")
    args = parser.parse_args()
    if not args.token and not all([args.authority, args.tenant, args.client_id, args.client_secret]):
        parser.error("give --token, or --authority --tenant --client-id --client-secret")
    for item_class in (CalendarItem, Contact, Task):
        item_class.register("prextra_record_id", PrextraRecordId)
    account = account_for(args)
    zone = EWSTimeZone("Europe/Paris")
    calendar_checks(account, zone)
    contact_checks(account)
    task_checks(account, zone)
    folder_checks(account)
    streaming_checks(account)
    print("exchangelib interop: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # report and fail; never print the token
        print(f"exchangelib interop FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
