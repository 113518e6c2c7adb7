"""Double opt-in through the real HTTP routes, from the email actually sent
(issue 22, item 3): a signed single-use link, its proof, used / expired / forged
links, the thank-you page in the person's language, withdrawal."""

import re
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

LINK = re.compile(r'href="[^"]*(/consent/(?:confirm|withdraw)/[^"]+)"')


@tagged("standard", "post_install", "-at_install")
class TestConsentConfirmation(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_CA")
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_contacts_ext"], ["fr_CA"], overwrite=True
        )
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_doi_salesman",
            name="Sophie Vendeuse",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Laure Gagnon", "email": "laure@example.com", "lang": "fr_CA"}
        )
        cls.english = cls.env["res.partner"].create(
            {"name": "John Smith", "email": "john@example.com", "lang": "en_US"}
        )

    def _ask(self, partner):
        partner.with_user(self.salesman).action_request_consent_confirmation()
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids)], order="id desc", limit=1
        )
        self.assertTrue(mail, "a confirmation email is queued")
        return mail, LINK.search(mail.body_html).group(1)

    def _events(self, partner):
        return self.env["res.partner.consent"].search([("partner_id", "=", partner.id)])

    def test_confirmation_from_the_email_records_consent_with_its_proof(self):
        mail, link = self._ask(self.person)
        self.assertTrue(link.startswith("/consent/confirm/"))
        # the email speaks the person's language
        self.assertIn("Veuillez confirmer", mail.body_html)
        self.assertEqual(self.person.marketing_basis, "none")

        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Merci", response.text)  # thanked in Québec French
        event = self._events(self.person)
        self.assertEqual(len(event), 1)
        self.assertEqual(
            (event.state, event.legal_basis, event.channel),
            ("granted", "consent", "email"),
        )
        proof = event.sudo().proof
        self.assertIn("127.0.0.1", proof)  # the IP address
        self.assertIn("laure@example.com", proof)
        self.assertIn(fields.Date.to_string(event.date), proof)  # the date
        self.assertIn("J'accepte de recevoir", proof)  # the text confirmed
        self.assertEqual(self.person.marketing_basis, "express")

        # opened again: a plain page, no second event
        again = self.url_open(link)
        self.assertEqual(again.status_code, 200)
        self.assertIn("déjà été utilisé", again.text)
        self.assertEqual(len(self._events(self.person)), 1)

    def test_forged_and_expired_links_get_a_plain_page(self):
        _mail, link = self._ask(self.english)
        forged = link[:-2] + ("00" if not link.endswith("00") else "11")
        response = self.url_open(forged)
        self.assertEqual(response.status_code, 200)
        self.assertIn("This link is not valid", response.text)
        other_id = re.sub(r"/(\d+)-", lambda m: f"/{int(m[1]) + 1000}-", link)
        self.assertIn("not valid", self.url_open(other_id).text)
        self.assertIn("not valid", self.url_open("/consent/confirm/abc").text)
        self.assertIn("not valid", self.url_open("/consent/confirm/99999999999-a").text)

        request = self.env["res.partner.consent.request"].search(
            [("partner_id", "=", self.english.id)]
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner_consent_request SET expiry_date = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(minutes=1),
                request.id,
            )
        )
        request.invalidate_recordset()
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("This link has expired", response.text)
        self.assertFalse(self._events(self.english))
        self.assertEqual(self.english.marketing_basis, "none")

    def test_link_valid_for_the_days_of_the_settings(self):
        self.env.company.consent_confirmation_days = 3
        self._ask(self.english)
        request = self.env["res.partner.consent.request"].search(
            [("partner_id", "=", self.english.id)]
        )
        self.assertAlmostEqual(
            request.expiry_date,
            fields.Datetime.now() + timedelta(days=3),
            delta=timedelta(minutes=5),
        )

    def test_withdraw_from_the_thank_you_page(self):
        _mail, link = self._ask(self.english)
        page = self.url_open(link).text
        withdraw = LINK.search(page).group(1)
        self.assertTrue(withdraw.startswith("/consent/withdraw/"))
        response = self.url_open(withdraw)
        self.assertIn("withdrawal is recorded", response.text)
        latest = self._events(self.english)[:1]
        self.assertEqual((latest.state, latest.channel), ("withdrawn", "email"))
        self.assertIn("127.0.0.1", latest.sudo().proof)
        self.assertEqual(self.english.marketing_basis, "withdrawn")
        self.assertIn("already used", self.url_open(withdraw).text)
        self.assertEqual(len(self._events(self.english)), 2)

    def test_portal_user_withdraws_from_the_portal_page(self):
        portal = new_test_user(
            self.env,
            login="crm_ext_doi_portal",
            password="crm_ext_doi_portal",
            name="Client Portail",
            email="portail@example.com",
            groups="base.group_portal",
        )
        self.authenticate("crm_ext_doi_portal", "crm_ext_doi_portal")
        page = self.url_open("/my/consent")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Withdraw my consent", page.text)
        response = self.url_open(
            "/my/consent/withdraw", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        event = self._events(portal.partner_id)
        self.assertEqual((event.state, event.channel), ("withdrawn", "email"))
        self.assertIn("127.0.0.1", event.sudo().proof)
        self.assertEqual(portal.partner_id.marketing_basis, "withdrawn")

    def test_who_cannot_be_asked(self):
        nobody = self.env["res.partner"].create({"name": "Sans Courriel"})
        with self.assertRaisesRegex(UserError, "no email address"):
            nobody.with_user(self.salesman).action_request_consent_confirmation()
        self.env["mail.blacklist"]._add("john@example.com")
        with self.assertRaisesRegex(UserError, "withdrew"):
            self.english.with_user(self.salesman).action_request_consent_confirmation()
        # the mass action sends to the others and says how many were skipped
        action = (
            (nobody + self.english + self.person)
            .with_user(self.salesman)
            .action_request_consent_confirmation()
        )
        self.assertIn("1 contact(s); 2 skipped", action["params"]["message"])
