#!/usr/bin/env python3
"""E-mail tracking through third-party clients: a user sends mail with an attachment to a CRM contact
and mail to someone else, then receives the contact's reply, through exchangelib (EWS) or
Microsoft's msgraph-sdk (Graph), and reads the attachment's metadata back through the same client.

Run by Tests/SyncServiceTests/Email/EmailTrackingInteropTests.swift against a fresh simulator:

    email_interop.py --client exchangelib|msgraph --base-url http://127.0.0.1:PORT --mailbox alice@contoso.example \
        --contact client@fabrikam.example --token TOKEN

The reply comes from outside the organization, through the simulator's control API, with In-Reply-To
and References naming the message the user sent. Prints one line per check and, last,
"sent <InternetMessageId>" and "all checks passed"; exits 1 on the first failure. The token is never printed.
"""
import argparse
import asyncio
import json
import os
import sys
import time
import traceback
import urllib.parse
import urllib.request

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the simulator serves plain http on loopback


class Failure(Exception):
    pass


# The file attached to the quote: the tracked record must carry its name, type and size.
QUOTE_NAME, QUOTE_TYPE, QUOTE_CONTENT = "quote.pdf", "application/pdf", b"%PDF-1.7 quote for the interop test"


def check(condition, what):
    if not condition:
        raise Failure(what)
    print(f"ok   {what}")


def deliver_reply(args, sent_id):
    """The contact answers from outside: the transport delivers it to the user's Inbox."""
    payload = {
        "from": {"name": "Client", "address": args.contact}, "to": [{"address": args.mailbox}],
        "subject": "RE: Quote " + args.client, "body": "Agreed, thank you.",
        "internetMessageId": f"<reply-{args.client}@fabrikam.example>", "inReplyTo": sent_id, "references": sent_id,
    }
    address = urllib.parse.quote(args.mailbox, safe="")
    request = urllib.request.Request(
        f"{args.base_url.rstrip('/')}/control/mailboxes/{address}/messages", data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        check(response.status == 200, "the contact's reply is delivered to the Inbox")


def exchangelib_run(args):
    from exchangelib import (IMPERSONATION, OAUTH2, Account, Configuration, FileAttachment, Mailbox, Message, OAuth2Credentials,
                             Version)
    from exchangelib.version import EXCHANGE_2016

    token = {"access_token": args.token, "token_type": "Bearer", "expires_in": 3600, "expires_at": time.time() + 3600}
    credentials = OAuth2Credentials(client_id="unused", client_secret="unused", tenant_id="unused", access_token=token)
    config = Configuration(
        service_endpoint=args.base_url.rstrip("/") + "/EWS/Exchange.asmx", credentials=credentials, auth_type=OAUTH2,
        version=Version(build=EXCHANGE_2016))
    account = Account(primary_smtp_address=args.mailbox, config=config, autodiscover=False, access_type=IMPERSONATION)

    quote = Message(
        account=account, folder=account.sent, subject="Quote exchangelib", body="Please find our quote.",
        to_recipients=[Mailbox(email_address=args.contact)])
    quote.attach(FileAttachment(name=QUOTE_NAME, content_type=QUOTE_TYPE, content=QUOTE_CONTENT))
    quote.send_and_save()  # Exchange 2013 and later: one CreateItem with the attachment inside the message
    Message(
        account=account, folder=account.sent, subject="Lunch exchangelib", body="Lunch on Friday?",
        to_recipients=[Mailbox(email_address="friend@elsewhere.example")]).send_and_save()
    sent = {item.subject: item for item in account.sent.all().only("subject", "message_id", "conversation_id")}
    check(set(sent) >= {"Quote exchangelib", "Lunch exchangelib"}, "both messages are in Sent Items")
    sent_id = sent["Quote exchangelib"].message_id
    check(bool(sent_id) and sent_id.startswith("<"), "the sent message has an InternetMessageId")
    copy = list(account.fetch(ids=[sent["Quote exchangelib"]], only_fields=["attachments", "has_attachments"]))[0]
    files = [(a.name, a.content_type, a.size, a.is_inline) for a in copy.attachments]
    check(copy.has_attachments and files == [(QUOTE_NAME, QUOTE_TYPE, len(QUOTE_CONTENT), False)],
          f"exchangelib reads the attachment's metadata back: {files}")
    deliver_reply(args, sent_id)
    replies = [item for item in account.inbox.all().only("subject", "in_reply_to", "conversation_id")
               if item.subject == "RE: Quote exchangelib"]
    check(len(replies) == 1 and replies[0].in_reply_to == sent_id, "exchangelib reads the reply's In-Reply-To")
    check(replies[0].conversation_id == sent["Quote exchangelib"].conversation_id, "the reply is in the sent message's conversation")
    print(f"sent {sent_id}")


async def msgraph_run(args):
    import httpx
    from kiota_abstractions.authentication import (AccessTokenProvider, AllowedHostsValidator,
                                                   BaseBearerTokenAuthenticationProvider)
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph.generated.models.body_type import BodyType
    from msgraph.generated.models.email_address import EmailAddress
    from msgraph.generated.models.file_attachment import FileAttachment
    from msgraph.generated.models.item_body import ItemBody
    from msgraph.generated.models.message import Message
    from msgraph.generated.models.recipient import Recipient
    from msgraph.generated.users.item.mail_folders.item.messages.delta.delta_request_builder import DeltaRequestBuilder
    from msgraph.generated.users.item.messages.item.attachments.attachments_request_builder import AttachmentsRequestBuilder
    from msgraph.generated.users.item.send_mail.send_mail_post_request_body import SendMailPostRequestBody
    from msgraph_core import GraphClientFactory

    class StaticToken(AccessTokenProvider):
        def __init__(self, token, hosts):
            self._token, self._validator = token, AllowedHostsValidator(hosts)

        async def get_authorization_token(self, uri, additional_authentication_context={}):
            return self._token if self._validator.is_url_host_valid(uri) else ""

        def get_allowed_hosts_validator(self):
            return self._validator

    auth = BaseBearerTokenAuthenticationProvider(StaticToken(args.token, [httpx.URL(args.base_url).host]))
    adapter = GraphRequestAdapter(auth, client=GraphClientFactory.create_with_default_middleware(client=httpx.AsyncClient(timeout=60)))
    adapter.base_url = args.base_url.rstrip("/") + "/v1.0"
    user = GraphServiceClient(request_adapter=adapter).users.by_user_id(args.mailbox)

    def mail(subject, to, attachments=None):
        return SendMailPostRequestBody(
            message=Message(
                subject=subject, body=ItemBody(content_type=BodyType.Text, content="Please find our quote."),
                to_recipients=[Recipient(email_address=EmailAddress(address=to))], attachments=attachments),
            save_to_sent_items=True)

    quote = FileAttachment(name=QUOTE_NAME, content_type=QUOTE_TYPE, content_bytes=QUOTE_CONTENT)
    await user.send_mail.post(mail("Quote msgraph", args.contact, [quote]))
    await user.send_mail.post(mail("Lunch msgraph", "friend@elsewhere.example"))

    async def delta(folder, select):
        query = DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(select=select)
        page = await user.mail_folders.by_mail_folder_id(folder).messages.delta.get(
            request_configuration=RequestConfiguration(query_parameters=query))
        messages = list(page.value or [])
        while page.odata_next_link:
            page = await user.mail_folders.by_mail_folder_id(folder).messages.delta.with_url(page.odata_next_link).get()
            messages += page.value or []
        return messages, page.odata_delta_link

    sent, _ = await delta("sentitems", ["subject", "internetMessageId", "conversationId", "hasAttachments"])
    by_subject = {message.subject: message for message in sent}
    check(set(by_subject) >= {"Quote msgraph", "Lunch msgraph"}, "msgraph-sdk reads both messages in Sent Items by delta")
    sent_id = by_subject["Quote msgraph"].internet_message_id
    check(bool(sent_id) and sent_id.startswith("<"), "the sent message has an InternetMessageId")
    check(by_subject["Quote msgraph"].has_attachments and not by_subject["Lunch msgraph"].has_attachments,
          "hasAttachments tells the quote from the lunch")
    query = AttachmentsRequestBuilder.AttachmentsRequestBuilderGetQueryParameters(select=["name", "contentType", "size", "isInline"])
    listed = await user.messages.by_message_id(by_subject["Quote msgraph"].id).attachments.get(
        request_configuration=RequestConfiguration(query_parameters=query))
    files = [(a.name, a.content_type, a.size, a.is_inline, getattr(a, "content_bytes", None)) for a in listed.value or []]
    check(files == [(QUOTE_NAME, QUOTE_TYPE, len(QUOTE_CONTENT), False, None)],
          f"msgraph-sdk lists the attachment's metadata, without its content: {files}")
    deliver_reply(args, sent_id)
    inbox, link = await delta("inbox", ["subject", "internetMessageId", "conversationId", "internetMessageHeaders"])
    replies = [message for message in inbox if message.subject == "RE: Quote msgraph"]
    check(len(replies) == 1, "msgraph-sdk reads the reply by delta")
    headers = {header.name: header.value for header in replies[0].internet_message_headers or []}
    check(headers.get("In-Reply-To") == sent_id, "the reply's In-Reply-To names the sent message")
    check(replies[0].conversation_id == by_subject["Quote msgraph"].conversation_id, "the reply is in the sent message's conversation")
    check(link is not None, "the round ends with a deltaLink")
    print(f"sent {sent_id}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", choices=["exchangelib", "msgraph"], required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--contact", required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    try:
        if args.client == "exchangelib":
            exchangelib_run(args)
        else:
            asyncio.run(msgraph_run(args))
    except Failure as failure:
        print(f"FAIL {failure}")
        return 1
    except Exception:  # anything else is a failure too, with its traceback (never the token)
        print("FAIL " + traceback.format_exc().replace(args.token, "<token>"))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
