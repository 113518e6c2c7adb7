"""Mass mailings reach only included, consenting contacts (issue 5, "Postage")."""

from datetime import timedelta

from odoo import fields
from odoo.tests import Form, new_test_user, tagged, users

from odoo.addons.mail.tests.common import MockEmail

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestConsentMailing(ContactsCase, MockEmail):
    """Emails are captured at the SMTP boundary by Odoo's MockEmail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="crm_ext_marketer",
            name="Marie Courriel",
            email="marie.courriel@example.com",
            groups="mass_mailing.group_mass_mailing_user,base.group_partner_manager",
        )
        Partner = cls.env["res.partner"]
        past = fields.Datetime.now() - timedelta(days=1)

        def person(name, state=None, **vals):
            partner = Partner.create(
                {"name": name, "email": f"{name.lower()}@example.com", **vals}
            )
            if state:
                cls.env["res.partner.consent"].create(
                    {
                        "partner_id": partner.id,
                        "state": state,
                        "date": past,
                        "channel": "web",
                        "legal_basis": "consent" if state == "granted" else False,
                    }
                )
            return partner

        cls.granted_1 = person("Alice", "granted")
        cls.granted_2 = person("Bruno", "granted")
        cls.unknown = person("Chloe")
        cls.withdrawn = person("Denis", "withdrawn")
        cls.excluded = person("Emma", "granted", include_in_mailing=False)
        cls.five = (
            cls.granted_1 + cls.granted_2 + cls.unknown + cls.withdrawn + cls.excluded
        )

    def _partner_mailing(self):
        return self.env["mailing.mailing"].create(
            {
                "subject": "Nouveautés de printemps",
                "body_html": "<p>Bonjour</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", self.five.ids)]),
            }
        )

    def _reached(self, mailing):
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id), ("trace_status", "!=", "cancel")]
        )
        return self.env["res.partner"].browse(traces.mapped("res_id"))

    def test_persons_included_companies_not_by_default(self):
        self.assertTrue(self.contact.include_in_mailing)
        self.assertFalse(self.customer.include_in_mailing)
        self.assertTrue(self.env.company.mailing_consent_required)

    def test_setting_in_the_general_settings(self):
        settings = Form(self.env["res.config.settings"])
        self.assertTrue(settings.mailing_consent_required)
        settings.mailing_consent_required = False
        settings.save().execute()
        self.assertFalse(self.env.company.mailing_consent_required)

    @users("crm_ext_marketer")
    def test_mailing_to_five_reaches_two(self):
        mailing = self._partner_mailing()
        # the withdrawn address stays for Odoo's blacklist to cancel (issue 22)
        self.assertEqual(mailing.total, 3)
        self.assertEqual(mailing.consent_excluded_count, 3)
        self.assertEqual(mailing.consent_not_included_count, 1)
        self.assertEqual(mailing.consent_withdrawn_count, 1)
        self.assertEqual(mailing.consent_missing_count, 1)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        self.assertEqual(self._reached(mailing), self.granted_1 + self.granted_2)
        self.assertEqual(
            sorted(email for mail in self._mails for email in mail["email_to"]),
            ['"Alice" <alice@example.com>', '"Bruno" <bruno@example.com>'],
        )

    @users("crm_ext_marketer")
    def test_setting_off_still_honours_inclusion_and_blacklist(self):
        self.env.company.sudo().mailing_consent_required = False
        mailing = self._partner_mailing()
        # only who withdrew (and who is not included) is left out (issue 22)
        self.assertEqual(mailing.consent_excluded_count, 2)
        self.assertEqual(mailing.consent_not_included_count, 1)
        self.assertEqual(mailing.consent_withdrawn_count, 1)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        # the unknown contact is reached; the withdrawn one is blacklisted
        self.assertEqual(
            self._reached(mailing), self.granted_1 + self.granted_2 + self.unknown
        )

    @users("crm_ext_marketer")
    def test_mailing_list_contacts_matched_by_email(self):
        mailing_list = self.env["mailing.list"].create(
            {
                "name": "Clients chocolat",
                "contact_ids": [
                    (0, 0, {"name": "Alice", "email": "ALICE@example.com"}),
                    (0, 0, {"name": "Chloe", "email": "chloe@example.com"}),
                    (0, 0, {"name": "Emma", "email": "emma@example.com"}),
                    (0, 0, {"name": "Nouveau", "email": "nouveau@example.com"}),
                ],
            }
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Liste",
                "body_html": "<p>Bonjour</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                "contact_list_ids": [(6, 0, mailing_list.ids)],
            }
        )
        self.assertEqual(mailing.consent_not_included_count, 1)
        self.assertEqual(mailing.consent_missing_count, 1)  # Chloe: no basis
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id)]
        )
        self.assertEqual(
            sorted(traces.mapped("email")),
            ["alice@example.com", "nouveau@example.com"],
        )

    @users("crm_ext_marketer")
    def test_postage_and_mailings_sent_from_the_contact(self):
        alice = self.granted_1.with_env(self.env)
        self.assertEqual(alice.mailing_list_count, 0)
        action = alice.action_open_mailing_subscriptions()
        newsletter = self.env["mailing.list"].create({"name": "Infolettre"})
        self.env[action["res_model"]].with_context(**action["context"]).create(
            {"list_id": newsletter.id}
        )
        alice.invalidate_recordset(["mailing_list_count"])
        self.assertEqual(alice.mailing_list_count, 1)
        # an archived list sends nothing: not counted
        newsletter.action_archive()
        alice.invalidate_recordset(["mailing_list_count"])
        self.assertEqual(alice.mailing_list_count, 0)
        newsletter.action_unarchive()
        self.assertEqual(
            self.env["mailing.subscription"].search(action["domain"]).list_id,
            newsletter,
        )

        mailing = self._partner_mailing()
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        alice.invalidate_recordset(["mailing_trace_count"])
        self.assertEqual(alice.mailing_trace_count, 1)
        self.assertEqual(self.unknown.with_env(self.env).mailing_trace_count, 0)
        action = alice.action_open_mailing_traces()
        traces = self.env["mailing.trace"].search(action["domain"])
        self.assertEqual(traces.mass_mailing_id, mailing)
        self.assertEqual(traces.trace_status, "sent")
        self.assertTrue(traces.sent_datetime)
