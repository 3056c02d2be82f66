#!/usr/bin/env python3
"""Drives the dashboard and the onboarding pages in headless Chromium (Debian's chromium and
chromium-driver, Selenium from PyPI; nothing is downloaded at run time).

Signs in, walks every dashboard page, retries a failed item, completes an onboarding against
the simulator (first with a wrong secret, which must be explained in French with AADSTS7000215,
then with the certificate the service makes, uploaded as the admin center would), sees the
confirmation, and signs out. Saves a screenshot of each page. Prints "all checks passed" last.
"""
import argparse
import os
import pathlib
import shutil
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

checks = 0
current = None


def check(condition, what):
    global checks
    if not condition:
        where = ""
        if current:
            notices = [e.text for e in current.find_elements(By.CSS_SELECTOR, ".notice, .error, h1, li.check.failed, .diagnostic")]
            where = f" (at {current.current_url}: {notices!r})"
        raise SystemExit(f"FAILED: {what}{where}")
    checks += 1
    print(f"ok: {what}", flush=True)


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=fr-FR"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "fr-FR,fr",
    })
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def screenshot(driver, directory, name):
    height = driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
    driver.set_window_size(1280, min(height + 40, 6000))
    driver.save_screenshot(str(directory / f"{name}.png"))
    driver.set_window_size(1280, 900)


def accessible(driver, page):
    """Every visible field has a label, the page a language and one h1; no server error."""
    unlabeled = driver.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(e => e.labels.length === 0 && !e.closest('label')).map(e => e.name || e.id)")
    check(unlabeled == [], f"{page}: every field has a label ({unlabeled})")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") in ("fr", "en"), f"{page}: the page says its language")
    check(len(driver.find_elements(By.TAG_NAME, "h1")) == 1, f"{page}: one h1")
    check(not driver.find_elements(By.TAG_NAME, "script"), f"{page}: no script")


def navigate(driver, action):
    """Runs `action` (a click that loads a page) and waits until the new page has loaded."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(driver, 60).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def main():
    parser = argparse.ArgumentParser()
    for name in ["base", "key", "invitation", "tenant", "app", "mailbox", "wrong-secret", "simulator", "environment", "environment-mailbox",
                 "screenshots", "record"]:
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    shots = pathlib.Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    downloads = pathlib.Path(tempfile.mkdtemp(prefix="prextra-downloads-"))
    global current
    driver = browser(downloads)
    current = driver
    try:
        # 1. Sign in.
        driver.get(args.base + "/dashboard")
        check(driver.current_url.endswith("/dashboard/sign-in"), "an unsigned visit goes to the sign-in page")
        accessible(driver, "sign-in")
        screenshot(driver, shots, "dashboard-sign-in")
        driver.find_element(By.ID, "key").send_keys(args.key)
        navigate(driver, lambda: driver.find_element(By.ID, "sign-in-button").click())
        check(driver.current_url.endswith("/dashboard"), "signed in, on the overview")
        check(args.key not in driver.page_source, "the key is not in the page")
        check(driver.get_cookie("prextra_session")["httpOnly"], "the session cookie is HttpOnly")
        check(driver.get_cookie("prextra_session")["sameSite"] == "Strict", "the session cookie is SameSite=Strict")
        # The browser asked for French; the dashboard can switch to English for the screenshots.
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", "the dashboard speaks the browser's French")
        navigate(driver, lambda: driver.find_element(By.LINK_TEXT, "English").click())
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "switched to English")

        # 2. Walk every page.
        accessible(driver, "overview")
        check("refused by the server" in text(driver), "the overview's alerts name the failed item")
        screenshot(driver, shots, "dashboard-overview")
        navigate(driver, lambda: driver.find_element(By.LINK_TEXT, args.environment).click())
        accessible(driver, "environment")
        check(args.environment_mailbox in text(driver), "the environment page lists the mailbox")
        screenshot(driver, shots, "dashboard-environment")
        environment_url = driver.current_url
        Select(driver.find_element(By.ID, "entity")).select_by_value(args.record.split("/")[0])
        driver.find_element(By.ID, "record-id").send_keys(args.record.split("/")[1])
        navigate(driver, lambda: driver.find_element(By.ID, "record-id").submit())
        accessible(driver, "trace")
        check("decision-table" in driver.page_source, "the decision trace lists the record's decisions")
        screenshot(driver, shots, "dashboard-trace")
        driver.get(environment_url + "/conflicts")
        accessible(driver, "conflicts")
        screenshot(driver, shots, "dashboard-conflicts")
        navigate(driver, lambda: driver.find_element(By.LINK_TEXT, "Invitations").click())
        accessible(driver, "invitations")
        screenshot(driver, shots, "dashboard-invitations")

        # 3. Retry the failed item.
        driver.get(environment_url)
        navigate(driver, lambda: driver.find_element(By.CSS_SELECTOR, "button.retry").click())
        check("will be written again" in text(driver), "the retry is confirmed")
        screenshot(driver, shots, "dashboard-retried")

        # 4. The onboarding, in French: first a wrong secret.
        driver.get(args.invitation)
        accessible(driver, "onboarding guide")
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", "the guide is in the invitation's French")
        driver.find_element(By.ID, "consent-tenant").send_keys(args.tenant)
        driver.find_element(By.ID, "consent-app").send_keys(args.app)
        navigate(driver, lambda: driver.find_element(By.ID, "consent-app").submit())
        consent = driver.find_element(By.ID, "consent-link").get_attribute("href")
        check(f"/{args.tenant}/adminconsent?client_id={args.app}" in consent, "the admin consent link is built from the two IDs")
        screenshot(driver, shots, "onboarding-guide-fr")
        driver.find_element(By.ID, "use-secret").click()
        driver.find_element(By.ID, "clientSecret").send_keys(args.wrong_secret)
        driver.find_element(By.ID, "mailbox").send_keys(args.mailbox)
        navigate(driver, lambda: driver.find_element(By.ID, "submit").click())
        page = text(driver)
        check("AADSTS7000215" in page, "the wrong secret is named by its Entra ID code")
        check("Rien n'a été enregistré" in page, "and explained in French")
        check(args.wrong_secret not in driver.page_source, "the secret is not shown back")
        check(driver.find_element(By.ID, "tenantId").get_attribute("value") == args.tenant, "the form keeps its values")
        screenshot(driver, shots, "onboarding-wrong-secret-fr")

        # Then the certificate the service makes, downloaded and uploaded as the admin center would.
        # A download: the page stays.
        driver.find_element(By.ID, "make-certificate").click()
        deadline = time.time() + 30
        certificate = None
        while time.time() < deadline and certificate is None:
            found = [p for p in downloads.iterdir() if p.suffix == ".cer"]
            certificate = found[0] if found else None
            time.sleep(0.2)
        check(certificate is not None, "the .cer is downloaded")
        upload = urllib.request.Request(
            f"{args.simulator}/control/tenants/{args.tenant}/apps/{args.app}/certificates", data=certificate.read_bytes(), method="POST")
        with urllib.request.urlopen(upload) as answer:
            check(answer.status == 201, "the certificate is uploaded to the app")
        driver.get(args.invitation)
        check(driver.find_element(By.ID, "thumbprint").text != "", "the guide shows the certificate's thumbprint")
        driver.find_element(By.ID, "tenantId").send_keys(args.tenant)
        driver.find_element(By.ID, "applicationId").send_keys(args.app)
        driver.find_element(By.ID, "use-certificate").click()
        driver.find_element(By.ID, "mailbox").send_keys(args.mailbox)
        navigate(driver, lambda: driver.find_element(By.ID, "submit").click())

        # 5. The confirmation.
        check("Votre locataire est connecté" in text(driver), "the confirmation is shown")
        accessible(driver, "confirmation")
        screenshot(driver, shots, "onboarding-done-fr")

        # 6. Sign out.
        driver.get(args.base + "/dashboard")
        navigate(driver, lambda: driver.find_element(By.ID, "sign-out").click())
        check(driver.current_url.endswith("/dashboard/sign-in"), "signed out")
        driver.get(args.base + "/dashboard")
        check(driver.current_url.endswith("/dashboard/sign-in"), "the dashboard asks to sign in again")
    finally:
        driver.quit()
        shutil.rmtree(downloads, ignore_errors=True)
    print(f"all checks passed ({checks})")


if __name__ == "__main__":
    sys.exit(main())
