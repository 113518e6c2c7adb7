"""Two contacts sharing one email address (issue 17 #9): a withdrawal is never
undone by someone else's grant, and the user is told why."""

from odoo.tests import Form, tagged, users

from .common import ContactsCase

SHARED = "famille.achat@example.com"


@tagged("standard", "post_install", "-at_install")
class TestConsentSharedEmail(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.contact | cls.contact_ap).email = SHARED

    def _record(self, partner, state):
        """Record an event as the user does: the wizard behind the checkbox."""
        wizard = Form(
            self.env["res.partner.consent.wizard"].with_context(
                default_partner_id=partner.id, default_state=state
            )
        )
        wizard.channel = "phone"
        return wizard.save().action_confirm()

    def _blacklisted(self):
        return bool(self.env["mail.blacklist"].sudo().search([("email", "=", SHARED)]))

    @users("crm_ext_salesman")
    def test_grant_of_another_contact_keeps_the_withdrawal(self):
        jeanne = self.contact.with_env(self.env)
        paul = self.contact_ap.with_env(self.env)
        self._record(jeanne, "withdrawn")
        self.assertTrue(self._blacklisted())
        action = self._record(paul, "granted")
        self.assertEqual(paul.consent_state, "granted")
        # Jeanne is still out of mass mailings...
        self.assertTrue(self._blacklisted())
        jeanne.invalidate_recordset()
        self.assertTrue(jeanne.is_blacklisted)
        # ...and the user is told why, on screen and in Paul's chatter.
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("another contact", action["params"]["message"])
        note = paul.sudo().message_ids[:1]
        self.assertIn("another contact", str(note.body))
        self.assertIn(SHARED, str(note.body))
        # Only Jeanne's own new grant lifts it.
        action = self._record(jeanne, "granted")
        self.assertFalse(self._blacklisted())
        self.assertEqual(action, {"type": "ir.actions.act_window_close"})

    @users("crm_ext_salesman")
    def test_grant_by_rpc_keeps_the_withdrawal(self):
        self._record(self.contact.with_env(self.env), "withdrawn")
        paul = self.contact_ap.with_env(self.env)
        paul.write({"allow_communication": True})
        self.assertEqual(paul.consent_state, "granted")
        self.assertTrue(self._blacklisted())
        self.assertIn("another contact", str(paul.sudo().message_ids[:1].body))

    @users("crm_ext_salesman")
    def test_new_email_of_a_granted_contact_keeps_the_withdrawal(self):
        """Paul, granted, takes the address Jeanne withdrew with: still out."""
        self.contact_ap.email = "paul@example.com"
        paul = self.contact_ap.with_env(self.env)
        self._record(paul, "granted")
        self._record(self.contact.with_env(self.env), "withdrawn")
        paul.email = SHARED
        self.assertTrue(self._blacklisted())

    @users("crm_ext_salesman")
    def test_withdrawal_of_an_archived_contact_still_holds(self):
        jeanne = self.contact.with_env(self.env)
        self._record(jeanne, "withdrawn")
        self.contact.action_archive()
        self._record(self.contact_ap.with_env(self.env), "granted")
        self.assertTrue(self._blacklisted())

    @users("crm_ext_salesman")
    def test_withdrawal_takes_the_basis_of_the_address_s_other_contacts_at_once(self):
        # Paul gave his express consent; Jeanne, on the same address, withdraws:
        # the address is blacklisted, so Paul can no longer be mailed either.
        jeanne = self.contact.with_env(self.env)
        paul = self.contact_ap.with_env(self.env)
        self._record(paul, "granted")
        self.assertEqual(paul.marketing_basis, "express")
        self._record(jeanne, "withdrawn")
        self.assertEqual(jeanne.marketing_basis, "withdrawn")
        self.assertEqual(paul.marketing_basis, "withdrawn")
        self.assertEqual(paul.marketing_basis_source, "blacklist")
        # Jeanne's own grant lifts the blacklist: Paul's consent counts again.
        self._record(jeanne, "granted")
        self.assertEqual(paul.marketing_basis, "express")
        self.assertEqual(jeanne.marketing_basis, "express")
