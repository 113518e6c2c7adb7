"""GDPR consent: an append-only history of events, with proof (issue 5)."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestConsent(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(
            cls.env,
            login="crm_ext_dpo",
            name="Delphine Protection",
            groups="base.group_partner_manager,crm_contacts_ext.group_personal_data",
        )
        cls.contact.email = "jeanne.achat@example.com"

    def _record(self, partner, state, **values):
        """Record an event as the user does: the wizard behind the checkbox."""
        wizard = Form(
            self.env["res.partner.consent.wizard"].with_context(
                default_partner_id=partner.id, default_state=state
            )
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        wizard.save().action_confirm()

    def _blacklisted(self, email):
        return bool(self.env["mail.blacklist"].sudo().search([("email", "=", email)]))

    @users("crm_ext_salesman")
    def test_grant_withdraw_grant_history(self):
        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.consent_state, "unknown")
        self.assertFalse(contact.allow_communication)
        base = fields.Datetime.now() - timedelta(days=3)

        self._record(
            contact,
            "granted",
            channel="phone",
            date=base,
            proof="Accepte le bulletin mensuel au téléphone",
        )
        self.assertEqual(contact.consent_state, "granted")
        self.assertTrue(contact.allow_communication)
        self.assertEqual(contact.consent_date, base)
        self.assertFalse(self._blacklisted(contact.email))

        self._record(contact, "withdrawn", channel="email", date=base + timedelta(1))
        self.assertEqual(contact.consent_state, "withdrawn")
        self.assertFalse(contact.allow_communication)
        self.assertEqual(contact.consent_date, base + timedelta(1))
        self.assertTrue(self._blacklisted(contact.email))

        self._record(contact, "granted", channel="paper", date=base + timedelta(2))
        self.assertEqual(contact.consent_state, "granted")
        self.assertTrue(contact.allow_communication)
        self.assertFalse(self._blacklisted(contact.email))

        self.assertEqual(
            contact.consent_ids.mapped("state"), ["granted", "withdrawn", "granted"]
        )
        self.assertEqual(contact.consent_ids.user_id, self.salesman)
        # stored: searchable and groupable
        Partner = self.env["res.partner"]
        self.assertIn(contact, Partner.search([("consent_state", "=", "granted")]))
        groups = dict(
            Partner._read_group(
                [("id", "=", contact.id)], ["consent_state"], ["__count"]
            )
        )
        self.assertEqual(groups, {"granted": 1})

    def test_no_event_is_unknown_not_withdrawn(self):
        self._record(self.contact_ap, "withdrawn", channel="phone")
        self.assertEqual(self.contact.consent_state, "unknown")
        self.assertEqual(self.contact_ap.consent_state, "withdrawn")
        unknown = self.env["res.partner"].search([("consent_state", "=", "unknown")])
        self.assertIn(self.contact, unknown)
        self.assertNotIn(self.contact_ap, unknown)

    def test_admin_cannot_edit_or_delete_history(self):
        self._record(self.contact, "granted", channel="form", proof="Signed form")
        consent = self.contact.consent_ids
        for env in (self.env, self.env(user=self.env.ref("base.user_admin"))):
            consent = consent.with_env(env)
            with self.assertRaises(UserError):
                consent.write({"state": "withdrawn"})
            with self.assertRaises(UserError):
                consent.unlink()
        self.assertTrue(self.env.su)
        self.assertEqual(consent.state, "granted")
        self.assertTrue(consent.exists())
        # the contact cannot vanish with its history either
        with self.assertRaises(UserError):
            self.contact.unlink()

    @users("crm_ext_salesman")
    def test_future_event_refused_nothing_written(self):
        contact = self.contact.with_env(self.env)
        with self.assertRaisesRegex(ValidationError, "future"):
            self._record(
                contact,
                "granted",
                channel="web",
                date=fields.Datetime.now() + timedelta(days=2),
            )
        self.assertFalse(self.contact.sudo().consent_ids)
        self.assertEqual(contact.consent_state, "unknown")

    @users("crm_ext_accountant")
    def test_grant_without_legal_basis_refused(self):
        contact = self.contact.with_env(self.env)
        with self.assertRaisesRegex(ValidationError, "legal basis"):
            self.env["res.partner.consent"].create(
                {"partner_id": contact.id, "state": "granted", "channel": "web"}
            )
        self.assertFalse(self.contact.sudo().consent_ids)
        self.assertFalse(self._blacklisted(contact.email))

    def test_proof_only_for_personal_data_group(self):
        self._record(
            self.contact, "granted", channel="paper", proof="Formulaire signé le 3 mai"
        )
        consent = self.contact.consent_ids
        salesman_view = consent.with_user(self.salesman)
        self.assertEqual(salesman_view.channel, "paper")
        with self.assertRaises(AccessError):
            salesman_view.proof  # noqa: B018
        with self.assertRaises(AccessError):
            self.contact.with_user(self.salesman).consent_proof  # noqa: B018
        self.assertEqual(consent.with_user(self.dpo).proof, "Formulaire signé le 3 mai")
        self.assertEqual(
            self.contact.with_user(self.dpo).consent_proof, "Formulaire signé le 3 mai"
        )
        # and the partner form does not even carry the field for the salesperson
        form = Form(self.contact.with_user(self.salesman))
        self.assertNotIn("consent_proof", form._view["fields"])

    @users("crm_ext_salesman")
    def test_direct_write_records_an_event(self):
        """RPC / import: writing the box is itself an event, channel 'import'."""
        contact = self.contact.with_env(self.env)
        contact.write({"allow_communication": True})
        self.assertEqual(contact.consent_state, "granted")
        self.assertEqual(contact.consent_ids.channel, "import")
        self.assertEqual(contact.consent_ids.legal_basis, "consent")
        contact.write({"allow_communication": False})
        self.assertEqual(
            contact.consent_ids.sorted().mapped("state"), ["withdrawn", "granted"]
        )
        self.assertTrue(self._blacklisted(contact.email))
        new = self.env["res.partner"].create(
            {
                "name": "Importée",
                "email": "imp@example.com",
                "allow_communication": True,
            }
        )
        self.assertEqual(new.consent_state, "granted")
        self.assertEqual(len(new.consent_ids), 1)
        plain = self.env["res.partner"].create({"name": "Sans avis"})
        self.assertEqual(plain.consent_state, "unknown")
        self.assertFalse(plain.sudo().consent_ids)

    @users("crm_ext_salesman")
    def test_form_button_opens_recording_wizard(self):
        contact = self.contact.with_env(self.env)
        action = contact.with_context(consent_state="granted").action_record_consent()
        self.assertEqual(action["res_model"], "res.partner.consent.wizard")
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard.state, "granted")
        self.assertEqual(wizard.legal_basis, "consent")
        wizard.channel = "email"
        wizard.proof = "Réponse par courriel du 2 mai"
        wizard.save().action_confirm()
        self.assertTrue(contact.allow_communication)
        self.assertEqual(
            contact.sudo().consent_ids.proof, "Réponse par courriel du 2 mai"
        )

    @users("crm_ext_salesman")
    def test_demo_laura_secord_consented_by_phone(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.assertEqual(laura.consent_state, "granted")
        self.assertTrue(laura.allow_communication)
        self.assertEqual(laura.consent_ids.channel, "phone")
        self.assertTrue(laura.include_in_mailing)

    def test_withdrawn_contact_keeps_new_email_out_of_mailings(self):
        self._record(self.contact, "withdrawn", channel="phone")
        self.contact.email = "jeanne.nouvelle@example.com"
        self.assertTrue(self._blacklisted("jeanne.nouvelle@example.com"))
        self.assertTrue(self.contact.is_blacklisted)

    @users("crm_ext_salesman")
    def test_card_being_edited_shows_the_latest_of_two_events_of_one_second(self):
        # Two events recorded in the same second (one import, one click): the
        # card being edited (not saved yet) shows the later one, as the saved
        # card does.
        contact = self.contact.with_env(self.env)
        now = fields.Datetime.now()
        self.env["res.partner.consent"].create(
            [
                {
                    "partner_id": contact.id,
                    "state": "granted",
                    "legal_basis": "consent",
                    "channel": "email",
                    "date": now,
                },
                {
                    "partner_id": contact.id,
                    "state": "withdrawn",
                    "channel": "phone",
                    "date": now,
                },
            ]
        )
        self.assertEqual(contact.consent_state, "withdrawn")
        edited = contact.new(origin=contact)
        edited._compute_consent()
        self.assertEqual(edited.consent_state, "withdrawn")
        self.assertFalse(edited.allow_communication)
