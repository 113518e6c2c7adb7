"""An unsubscribe is undone by the person only (issue 17, "an opt-out is never
silently undone by another path"): the person leaves a list through the link of a
mailing, over HTTP; a colleague in the contact's "Postage" may neither tick the
list again nor delete the opt-out line, until the person's consent is recorded."""

import werkzeug.urls

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

EMAIL = "alice.tremblay@example.com"


@tagged("standard", "post_install", "-at_install")
class TestPostageOptOut(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="crm_ext_postage_marketer",
            name="Martine Marketing",
            groups="mass_mailing.group_mass_mailing_user,base.group_partner_manager,"
            "sales_team.group_sale_salesman",
        )
        cls.alice = cls.env["res.partner"].create(
            {"name": "Alice Tremblay", "email": EMAIL}
        )
        cls.newsletter = cls.env["mailing.list"].create({"name": "Infolettre"})

    def _postage(self, user):
        """The contact's Postage list, as ``user`` opens it from the card."""
        alice = self.alice.with_user(user)
        action = alice.action_open_mailing_subscriptions()
        Subscription = self.env[action["res_model"]].with_user(user)
        return Subscription.with_context(**action["context"]), action["domain"]

    def _unsubscribe_over_http(self):
        """Alice clicks the unsubscribe link of a mailing sent to the list."""
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Nouveautés",
                "body_html": "<p>Bonjour</p>",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [(6, 0, self.newsletter.ids)],
            }
        )
        contact = self.env["mailing.contact"].search([("email_normalized", "=", EMAIL)])
        params = werkzeug.urls.url_encode(
            {
                "document_id": contact.id,
                "email": EMAIL,
                "hash_token": mailing._generate_mailing_recipient_token(
                    contact.id, EMAIL
                ),
            }
        )
        response = self.url_open(f"/mailing/{mailing.id}/unsubscribe?{params}")
        self.assertEqual(response.status_code, 200)

    def test_colleague_cannot_undo_an_unsubscribe(self):
        Subscription, domain = self._postage(self.marketer)
        Subscription.create({"list_id": self.newsletter.id})
        self._unsubscribe_over_http()
        subscription = Subscription.search(domain)
        self.assertTrue(subscription.opt_out, "the link opted Alice out")

        # ticking the list again in Postage is refused, with the reason and the way
        with self.assertRaisesRegex(UserError, "unsubscribed from “Infolettre”"):
            subscription.write({"opt_out": False})
        # so is deleting the line to add the list again
        with self.assertRaisesRegex(UserError, "proof of that request"):
            subscription.unlink()
        subscription.invalidate_recordset()
        self.assertTrue(subscription.exists().opt_out)

        # Alice calls and asks to receive it again: her consent is recorded first
        wizard = Form(
            self.env["res.partner.consent.wizard"]
            .with_user(self.marketer)
            .with_context(default_partner_id=self.alice.id, default_state="granted")
        )
        wizard.channel = "phone"
        wizard.save().action_confirm()
        subscription.write({"opt_out": False})
        self.assertFalse(subscription.opt_out)

    def test_person_subscribes_again_herself(self):
        Subscription, domain = self._postage(self.marketer)
        Subscription.create({"list_id": self.newsletter.id})
        self._unsubscribe_over_http()
        # Odoo's subscription page, as the public user behind Alice's token does
        public = self.env.ref("base.public_user")
        self.newsletter.with_user(public).sudo()._update_subscription_from_email(
            EMAIL, opt_out=False
        )
        self.assertFalse(Subscription.search(domain).opt_out)
