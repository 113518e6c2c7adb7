"""The contact's History (OpenFire "Historique"): every activity and appointment of
the contact and of its documents, done or open, whatever the activity type."""

from datetime import date, datetime, timedelta

from odoo.tests import new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestPartnerHistory(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_salesman = new_test_user(
            cls.env,
            login="crm_ext_own_salesman",
            name="Odile Propres",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.other_salesman = new_test_user(
            cls.env,
            login="crm_ext_history_other",
            name="Hugo Autre",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.env["crm.team"].search([]).write({"member_ids": False})
        Lead = cls.env["crm.lead"]
        cls.opportunity = Lead.create(
            {
                "name": "Truffes de Noël",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "user_id": cls.own_salesman.id,
            }
        )
        cls.others_opportunity = Lead.create(
            {
                "name": "Pralines de Pâques",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "user_id": cls.other_salesman.id,
            }
        )
        cls.order = cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "user_id": cls.own_salesman.id}
        )
        cls.invoice = cls.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": cls.customer.id}
        )

    def _schedule(self, record, xmlid, summary, days=0, user=None):
        return record.activity_schedule(
            xmlid,
            date_deadline=date.today() + timedelta(days=days),
            summary=summary,
            user_id=(user or self.own_salesman).id,
        )

    def _history(self, partner):
        """What the History button lists, completed ones included."""
        action = (
            self.env["res.partner"].browse(partner.id).action_view_partner_history()
        )
        Report = self.env["res.partner.activity.report"].with_context(
            active_test=False, **action["context"]
        )
        return Report.search(action["domain"])

    def test_done_calls_and_emails_stay_in_the_history(self):
        call = self._schedule(self.contact, "mail.mail_activity_data_call", "Appel")
        email = self._schedule(
            self.contact, "mail.mail_activity_data_email", "Courriel"
        )
        open_call = self._schedule(
            self.contact, "mail.mail_activity_data_call", "Rappel", days=2
        )
        (call + email).with_user(self.own_salesman).action_feedback(feedback="Fait")
        rows = self._history(self.contact).with_user(self.own_salesman)
        by_name = {row.name: row for row in rows}
        self.assertEqual(by_name["Appel"].state, "done")
        self.assertEqual(
            by_name["Appel"].activity_type_id,
            self.env.ref("mail.mail_activity_data_call"),
        )
        self.assertEqual(by_name["Courriel"].state, "done")
        self.assertEqual(by_name["Rappel"].activity_id, open_call)
        self.assertEqual(by_name["Rappel"].state, "planned")

    def test_a_new_activity_type_keeps_its_done_activities(self):
        visit = self.env["mail.activity.type"].create({"name": "Visite en magasin"})
        self.assertTrue(visit.keep_done)
        activity = self.contact.activity_schedule(
            activity_type_id=visit.id, summary="Visite", user_id=self.own_salesman.id
        )
        activity.action_feedback()
        self.assertIn("Visite", self._history(self.contact).mapped("name"))

    def test_a_kept_done_activity_is_no_longer_the_next_one(self):
        # Odoo's crm tests read the opportunity's next activity right after
        # marking it done, in the same transaction: archived, it is gone too.
        activity = self._schedule(
            self.opportunity, "mail.mail_activity_data_call", "Appel"
        )
        self.assertEqual(self.opportunity.activity_summary, "Appel")
        self.assertTrue(self.opportunity.activity_type_id)
        activity.action_done()
        self.assertFalse(activity.active, "kept, archived")
        self.assertFalse(self.opportunity.activity_ids)
        self.assertFalse(self.opportunity.activity_type_id)
        self.assertFalse(self.opportunity.activity_summary)
        self.assertFalse(self.opportunity.activity_state)

    @users("crm_ext_own_salesman")
    def test_activities_of_the_contacts_documents_are_listed(self):
        self._schedule(
            self.opportunity.sudo(), "mail.mail_activity_data_call", "Appel offre"
        )
        done = self._schedule(
            self.opportunity.sudo(), "mail.mail_activity_data_email", "Devis envoyé"
        )
        done.with_user(self.own_salesman).action_feedback()
        self._schedule(
            self.order.sudo(), "mail.mail_activity_data_todo", "Relancer la soumission"
        )
        self._schedule(
            self.invoice.sudo(), "mail.mail_activity_data_call", "Relancer le paiement"
        )
        rows = self._history(self.contact)
        by_name = {row.name: row for row in rows}
        self.assertEqual(by_name["Appel offre"].res_name, "Truffes de Noël")
        self.assertEqual(
            (by_name["Appel offre"].res_model, by_name["Appel offre"].res_id),
            ("crm.lead", self.opportunity.id),
        )
        self.assertEqual(by_name["Devis envoyé"].state, "done")
        # The company's documents are in the company's history.
        company_rows = self._history(self.customer)
        self.assertIn("Relancer la soumission", company_rows.mapped("name"))
        self.assertIn("Appel offre", company_rows.mapped("name"), "its contacts' too")
        self.assertEqual(
            company_rows.filtered(
                lambda r: r.name == "Relancer la soumission"
            ).res_name,
            self.order.name,
        )

    @users("crm_ext_own_salesman")
    def test_activities_of_documents_the_user_may_not_read_are_hidden(self):
        """A salesperson who sees only her own documents sees only their rows."""
        self._schedule(self.opportunity.sudo(), "mail.mail_activity_data_call", "À moi")
        self._schedule(
            self.others_opportunity.sudo(),
            "mail.mail_activity_data_call",
            "Pas à moi",
            user=self.other_salesman,
        )
        names = self._history(self.contact).mapped("name")
        self.assertIn("À moi", names)
        self.assertNotIn("Pas à moi", names)
        contact = self.env["res.partner"].browse(self.contact.id)
        self.assertEqual(contact.activity_report_count, 1, "the button counts the same")
        self.env = self.env(user=self.other_salesman)
        self.assertIn("Pas à moi", self._history(self.contact).mapped("name"))

    @users("crm_ext_own_salesman")
    def test_appointments_of_the_contacts_opportunity_are_listed(self):
        start = datetime.now().replace(microsecond=0) + timedelta(days=3)
        meeting = (
            self.env["calendar.event"]
            .with_context(default_opportunity_id=self.opportunity.id)
            .create(
                {
                    "name": "Dégustation",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "partner_ids": [(6, 0, self.own_salesman.partner_id.ids)],
                }
            )
        )
        # Odoo makes the opportunity's customer an attendee: one row, not two.
        rows = self._history(self.contact).filtered(lambda r: r.kind == "event")
        self.assertEqual(rows.event_id, meeting)
        self.assertEqual(rows.state, "planned")
        # An appointment of the company's opportunity, the company not invited.
        company_lead = self.env["crm.lead"].create(
            {"name": "Salon", "type": "opportunity", "partner_id": self.customer.id}
        )
        fair = self.env["calendar.event"].create(
            {
                "name": "Salon du chocolat",
                "start": start,
                "stop": start + timedelta(hours=1),
                "opportunity_id": company_lead.id,
                "partner_ids": [(6, 0, self.own_salesman.partner_id.ids)],
            }
        )
        rows = self._history(self.customer).filtered(lambda r: r.event_id == fair)
        self.assertEqual(rows.partner_id, self.customer)
        self.assertEqual(rows.res_name, "Salon")

    @users("crm_ext_own_salesman")
    def test_appointments_of_the_customers_quotation_are_listed(self):
        """An appointment made from a quotation (no opportunity: Odoo keeps the
        quotation as its document), the customer not invited, is on the
        customer's History and counted on its Activities button."""
        start = datetime.now().replace(microsecond=0) + timedelta(days=2)
        visit = (
            self.env["calendar.event"]
            .with_context(default_res_model="sale.order", default_res_id=self.order.id)
            .create(
                {
                    "name": "Visite de l'usine",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "partner_ids": [(6, 0, self.own_salesman.partner_id.ids)],
                }
            )
        )
        self.assertEqual((visit.res_model, visit.res_id), ("sale.order", self.order.id))
        rows = self._history(self.customer).filtered(lambda r: r.event_id == visit)
        self.assertEqual(rows.partner_id, self.customer)
        self.assertEqual(rows.res_name, self.order.name)
        self.assertEqual(rows.state, "planned")
        open_rows = self._history(self.customer).filtered("active")
        self.assertIn(visit, open_rows.event_id)
        customer = self.env["res.partner"].browse(self.customer.id)
        self.assertEqual(customer.activity_report_count, len(open_rows))
