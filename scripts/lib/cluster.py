#!/usr/bin/env python3
"""The client side of scripts/test-cluster.sh: signs users in through the reverse proxy (password and
authenticator code, as a person would), issues a terminal certificate through the facility pages,
submits opinions (ご意見・ご要望: a row and an outbox mail each) while the cluster is loaded, receives
the mails as an SMTP server, and checks what the run left behind. Standard library only (plus
Debian's python3-aiosmtpd for the SMTP sink).

Subcommands (all paths are in the run's temporary folder):
  smtp PORT OUT.jsonl                       SMTP sink: one JSON line per mail received
  sign-in BASE USER CERT KEY OUT            signs USER in, writes the cookie header to OUT
  issue-terminal BASE WORKDIR               as facadmin: registers a terminal, issues and downloads its .p12
  patients BASE COOKIE CERT KEY OUT         the linked patients' record paths, one a line
  get BASE COOKIE CERT KEY PATH             prints the status of one GET (no redirects followed)
  submit BASE COOKIE CERT KEY STOPFILE OUT  posts opinions until STOPFILE exists; writes a JSON report
  check-mail MAILS.jsonl ACCEPTED.json [RESENDABLE.txt]
                                            0 duplicate mails, one mail per accepted opinion; a mail
                                            listed in RESENDABLE (Message-ID per line) may arrive twice
"""
import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import re
import ssl
import struct
import sys
import time
import urllib.parse
import uuid

DEMO_PASSWORD = "MioKarte-Demo-2026"
# The published demo authenticator key (README, DEMO ONLY), shared by every demo account.
DEMO_TOTP_KEY = "MIOKARTEDEMOKEYFORTESTINGONLYXYZ"
TOKEN = re.compile(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"')


def totp(step):
    key = base64.b32decode(DEMO_TOTP_KEY)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def next_step(user, workdir):
    """A code is accepted once per account and time step (two steps either side of now): take the next unused one."""
    path = os.path.join(workdir, f"totp-step-{user}")
    now = int(time.time()) // 30
    last = int(open(path).read()) if os.path.exists(path) else now - 3
    step = max(last + 1, now - 2)
    while step > now + 2:
        time.sleep(1)
        now = int(time.time()) // 30
    with open(path, "w") as f:
        f.write(str(step))
    return step


class Client:
    """One browser: cookies kept by name, a TLS client certificate when given, no redirects followed."""

    def __init__(self, base, cert=None, key=None, cookie=None):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.context = ssl.create_default_context()
        # The proxy's certificate is made by the run itself; what is tested is behind it.
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE
        if cert:
            self.context.load_cert_chain(cert, key)
        self.cookies = {}
        if cookie:
            for part in cookie.split("; "):
                name, _, value = part.partition("=")
                self.cookies[name] = value

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, form=None, timeout=30):
        connection = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=timeout)
        try:
            headers = {"Cookie": self.cookie_header()} if self.cookies else {}
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    cookie_value = rest.split(";", 1)[0]
                    if cookie_value:
                        self.cookies[cookie_name] = cookie_value
                    else:
                        self.cookies.pop(cookie_name, None)
            return response.status, response.getheader("Location") or "", data
        finally:
            connection.close()

    def token(self, path):
        status, _, data = self.request("GET", path)
        match = TOKEN.search(data.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no antiforgery token")
        return match.group(1)

    def sign_in(self, user, workdir):
        token = self.token("/account/login")
        status, location, _ = self.request("POST", "/account/login", {
            "__RequestVerificationToken": token, "UserName": user, "Password": DEMO_PASSWORD, "ReturnUrl": "/"})
        if status != 302 or "two-factor" not in location:
            raise RuntimeError(f"{user}: password step answered {status} {location}")
        token = self.token(location)
        status, location, _ = self.request("POST", "/account/login/two-factor", {
            "__RequestVerificationToken": token, "Code": totp(next_step(user, workdir)), "ReturnUrl": "/"})
        if status != 302 or "login" in location:
            raise RuntimeError(f"{user}: code step answered {status} {location}")


def issue_terminal(base, workdir):
    client = Client(base)
    client.sign_in("facadmin", workdir)
    token = client.token("/facility/terminals/new")
    status, location, _ = client.request("POST", "/facility/terminals", {
        "__RequestVerificationToken": token, "Name": f"cluster-{uuid.uuid4().hex[:8]}", "Kind": "Pc",
        "Location": "負荷試験", "PersonInCharge": "負荷試験"})
    if status != 302:
        raise RuntimeError(f"register terminal: {status}")
    status, _, data = client.request("GET", location)
    page = data.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    token = TOKEN.search(page).group(1)
    status, _, data = client.request("POST", location + "/certificate", {"__RequestVerificationToken": token, "version": version})
    page = data.decode()
    if status != 200:
        raise RuntimeError(f"issue certificate: {status}")
    password = re.search(r'id="certificate-password">([^<]+)<', page).group(1).strip()
    package = re.search(r'name="package" value="([^"]+)"', page).group(1)
    token = TOKEN.search(page).group(1)
    status, _, data = client.request("POST", "/facility/terminals/certificate/download", {
        "__RequestVerificationToken": token, "package": package})
    if status != 200:
        raise RuntimeError(f"download certificate: {status}")
    with open(os.path.join(workdir, "terminal.p12"), "wb") as f:
        f.write(data)
    with open(os.path.join(workdir, "terminal.p12.password"), "w") as f:
        f.write(password)


def submit(base, cookie, cert, key, stop_file, out):
    """Posts opinions one after the other; a post that fails is posted again with the same submission
    key (as a browser's retry), so every key ends accepted exactly once — the product is idempotent by it."""
    client = Client(base, cert, key, cookie)
    accepted, failures, statuses = [], [], {}
    token = None
    number = 0
    while not os.path.exists(stop_file):
        number += 1
        key_id = str(uuid.uuid4())
        for attempt in range(1, 60):
            try:
                token = token or client.token("/opinions/new")
                status, location, _ = client.request("POST", "/opinions", {
                    "__RequestVerificationToken": token, "submissionKey": key_id, "Category": "Request",
                    "Subject": f"負荷試験 {number}", "Body": f"複数ノードの負荷試験による送信 {number}。"}, timeout=15)
            except (OSError, http.client.HTTPException, RuntimeError) as error:
                status, location = f"error: {type(error).__name__}", ""
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            match = re.match(r"^/opinions/([0-9a-f-]{36})\?sent=1$", location) if status == 302 else None
            if match:
                accepted.append({"key": key_id, "id": match.group(1), "attempts": attempt})
                break
            failures.append({"key": key_id, "attempt": attempt, "status": str(status), "at": time.time()})
            token = None
            time.sleep(0.2)
        else:
            failures.append({"key": key_id, "status": "gave up"})
    with open(out, "w") as f:
        json.dump({"accepted": accepted, "failures": failures, "statuses": statuses}, f, indent=1)


def check_mail(mails_path, accepted_path, resendable_path=None):
    """Each accepted opinion's mail arrives once. The one exception is a mail the killed node had
    already handed to the SMTP server but not yet recorded as sent (RESENDABLE: those it held when it
    died and the server had received): SMTP cannot make that exactly-once, the other node sends it
    again with the same Message-ID, and the recipient's mail system shows it once."""
    mails = [json.loads(line) for line in open(mails_path, encoding="utf-8")] if os.path.exists(mails_path) else []
    accepted = json.load(open(accepted_path))["accepted"]
    resendable = set(line.strip() for line in open(resendable_path, encoding="utf-8") if line.strip()) if resendable_path else set()
    by_message_id, by_opinion, senders = {}, {}, {}
    for mail in mails:
        message_id = mail["message_id"].strip("<>")
        by_message_id[message_id] = by_message_id.get(message_id, 0) + 1
        sender = email.utils.parseaddr(mail["from"])[1]
        senders[sender] = senders.get(sender, 0) + 1
        if message_id in resendable and by_message_id[message_id] > 1:
            continue  # the resent copy: counted below, not as a second mail of its opinion
        for opinion in set(re.findall(r"/council/opinions/([0-9a-f-]{36})", mail["body"])):
            by_opinion[opinion] = by_opinion.get(opinion, 0) + 1
    resent = sum(n - 1 for m, n in by_message_id.items() if n > 1 and m in resendable)
    duplicates = sum(n - 1 for m, n in by_message_id.items() if n > 1 and m not in resendable) \
        + sum(n - 1 for n in by_opinion.values() if n > 1)
    missing = [a["id"] for a in accepted if a["id"] not in by_opinion]
    print(json.dumps({"mails": len(mails), "duplicates": duplicates, "resent_after_crash": resent, "missing": len(missing), "senders": senders}))
    return 0 if duplicates == 0 and not missing else 1


def smtp(port, out):
    import asyncio
    import email
    import email.policy
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            body = message.get_body(("plain", "html"))
            record = {"message_id": message["Message-Id"], "from": str(message["From"]), "to": envelope.rcpt_tos,
                      "subject": str(message["Subject"]), "body": body.get_content() if body else ""}
            with open(out, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=int(port))
    controller.start()
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "smtp":
        smtp(*args)
    elif command == "sign-in":
        base, user, cert, key, out = args
        client = Client(base, cert or None, key or None)
        client.sign_in(user, os.path.dirname(out))
        with open(out, "w") as f:
            f.write(client.cookie_header())
    elif command == "issue-terminal":
        issue_terminal(*args)
    elif command == "patients":
        base, cookie, cert, key, out = args
        status, _, data = Client(base, cert, key, open(cookie).read()).request("GET", "/patients")
        ids = sorted(set(re.findall(r'href="/patients/([0-9a-f-]{36})"', data.decode())))
        if status != 200 or not ids:
            raise RuntimeError(f"/patients: {status}, {len(ids)} patients")
        with open(out, "w") as f:
            f.write("".join(f"/patients/{i}\n" for i in ids))
    elif command == "get":
        base, cookie, cert, key, path = args
        print(Client(base, cert, key, open(cookie).read()).request("GET", path)[0])
    elif command == "submit":
        base, cookie, cert, key, stop_file, out = args
        submit(base, open(cookie).read(), cert, key, stop_file, out)
    elif command == "check-mail":
        return check_mail(*args)
    else:
        raise SystemExit(f"unknown command {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
