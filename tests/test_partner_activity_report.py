"""The contact's to-dos and appointments in one list, and the intervention report."""

from datetime import date, datetime, timedelta

from odoo import SUPERUSER_ID
from odoo.tests import new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestPartnerActivityReport(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            login="crm_ext_other_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        partner_model = cls.env["ir.model"]._get_id("res.partner")
        todo = cls.env.ref("mail.mail_activity_data_todo")
        today = date.today()
        Activity = cls.env["mail.activity"].with_user(cls.salesman)
        cls.overdue_todo = Activity.create(
            {
                "res_model_id": partner_model,
                "res_id": cls.contact.id,
                "activity_type_id": todo.id,
                "summary": "Envoyer le catalogue",
                "date_deadline": today - timedelta(days=3),
                "priority": "high",
            }
        )
        cls.done_todo = Activity.create(
            {
                "res_model_id": partner_model,
                "res_id": cls.contact.id,
                "activity_type_id": todo.id,
                "summary": "Premier appel",
                "date_deadline": today - timedelta(days=20),
                "priority": "low",
            }
        )
        cls.done_todo.action_done()
        now = datetime.now().replace(microsecond=0)
        Event = cls.env["calendar.event"].with_user(cls.salesman)
        cls.next_visit = Event.create(
            {
                "name": "Visite en boutique",
                "start": now + timedelta(days=5),
                "stop": now + timedelta(days=5, hours=2),
                "location": "1210 de la Cornée, Saint-Georges",
                "partner_ids": [(4, cls.contact.id)],
            }
        )
        cls.past_visit = Event.create(
            {
                "name": "Salon du chocolat",
                "start_date": today - timedelta(days=40),
                "stop_date": today - timedelta(days=40),
                "allday": True,
                "partner_ids": [(4, cls.contact.id)],
            }
        )
        cls.private_event = (
            cls.env["calendar.event"]
            .with_user(cls.other_salesman)
            .create(
                {
                    "name": "Rendez-vous personnel",
                    "start": now + timedelta(days=2),
                    "stop": now + timedelta(days=2, hours=1),
                    "privacy": "private",
                    "partner_ids": [(4, cls.contact.id)],
                }
            )
        )

    def _rows(self, domain=None, completed=False):
        Report = self.env["res.partner.activity.report"]
        if completed:
            Report = Report.with_context(active_test=False)
        return Report.search([("partner_id", "=", self.contact.id)] + (domain or []))

    @users("crm_ext_salesman")
    def test_todos_and_appointments_together_newest_first(self):
        rows = self._rows()
        self.assertEqual(
            rows.mapped("name"), ["Visite en boutique", "Envoyer le catalogue"]
        )
        visit, todo = rows
        self.assertEqual(visit.kind, "event")
        self.assertEqual(visit.event_id, self.next_visit)
        self.assertEqual(visit.state, "planned")
        self.assertEqual(visit.location, "1210 de la Cornée, Saint-Georges")
        self.assertEqual(todo.kind, "activity")
        self.assertEqual(todo.activity_id, self.overdue_todo)
        self.assertEqual(todo.state, "overdue")
        self.assertEqual(todo.priority, "high")

    @users("crm_ext_salesman")
    def test_show_completed_brings_the_history_back(self):
        rows = self._rows(completed=True)
        self.assertEqual(
            rows.mapped("name"),
            [
                "Visite en boutique",
                "Envoyer le catalogue",
                "Premier appel",
                "Salon du chocolat",
            ],
        )
        self.assertEqual(rows[2:].mapped("state"), ["done", "done"])
        shown = self.env["res.partner.activity.report"].search(
            [
                ("partner_id", "=", self.contact.id),
                "|",
                ("active", "=", True),
                ("active", "=", False),
            ]
        )
        self.assertEqual(shown, rows, "the 'Show Completed' filter's domain")

    @users("crm_ext_salesman")
    def test_filters_by_type_priority_all_day_and_dates(self):
        self.assertEqual(
            self._rows([("kind", "=", "event")], completed=True).mapped("name"),
            ["Visite en boutique", "Salon du chocolat"],
        )
        self.assertEqual(
            self._rows([("priority", "=", "low")], completed=True).mapped("name"),
            ["Premier appel"],
        )
        self.assertEqual(
            self._rows(
                [("kind", "=", "event"), ("allday", "=", True)], completed=True
            ).mapped("name"),
            ["Salon du chocolat"],
        )
        since = date.today() - timedelta(days=30)
        self.assertEqual(
            self._rows([("date", ">=", since)], completed=True).mapped("name"),
            ["Visite en boutique", "Envoyer le catalogue", "Premier appel"],
        )

    @users("crm_ext_salesman")
    def test_others_private_appointments_are_hidden(self):
        names = self._rows(completed=True).mapped("name")
        self.assertNotIn("Rendez-vous personnel", names)
        rows = (
            self.env["res.partner.activity.report"]
            .with_user(self.other_salesman)
            .search([("partner_id", "=", self.contact.id)])
        )
        self.assertIn("Rendez-vous personnel", rows.mapped("name"))

    @users("crm_ext_salesman")
    def test_stat_button_counts_and_opens_the_list(self):
        contact, customer = self.env["res.partner"].browse(
            (self.contact + self.customer).ids
        )
        self.assertEqual(contact.activity_report_count, 2, "open, not private")
        self.assertEqual(customer.activity_report_count, 2, "its contacts' too")
        action = customer.action_view_partner_activities()
        self.assertEqual(action["res_model"], "res.partner.activity.report")
        rows = self.env["res.partner.activity.report"].search(action["domain"])
        self.assertEqual(len(rows), 2)
        opened = rows[0].action_open_record()
        self.assertEqual(
            (opened["res_model"], opened["res_id"]),
            ("calendar.event", self.next_visit.id),
        )

    @users("crm_ext_salesman")
    def test_button_counts_as_the_list_under_a_rule_on_any_column(self):
        # The button counts a narrower report (the columns a count needs); an
        # administrator's rule reading another column (here: appointments
        # only) gets the whole report, and the button still counts what the
        # list shows.
        self.env["ir.rule"].sudo().create(
            {
                "name": "Appointments only",
                "model_id": self.env["ir.model"]._get_id("res.partner.activity.report"),
                "domain_force": "[('kind', '=', 'event')]",
            }
        )
        customer = self.env["res.partner"].browse(self.customer.id)
        action = customer.action_view_partner_activities()
        rows = self.env["res.partner.activity.report"].search(action["domain"])
        self.assertEqual(rows.mapped("kind"), ["event"])
        self.assertEqual(customer.activity_report_count, 1, "the appointment alone")

    @users("crm_ext_salesman")
    def test_button_counts_as_the_list_in_another_time_zone(self):
        # A salesperson 14 hours ahead of UTC, without a tz in the context (an
        # RPC call): an appointment over an hour ago is still "today" on her
        # clock, but done; the count (which no longer reads the time zone)
        # leaves it out as the list does.
        self.env.user.sudo().tz = "Pacific/Kiritimati"
        now = datetime.now().replace(microsecond=0)
        self.env["calendar.event"].create(
            {
                "name": "Dégustation finie",
                "start": now - timedelta(hours=3),
                "stop": now - timedelta(hours=1),
                "partner_ids": [(4, self.contact.id)],
            }
        )
        contact = self.env["res.partner"].with_context(tz=None).browse(self.contact.id)
        action = contact.action_view_partner_activities()
        rows = self.env["res.partner.activity.report"].search(action["domain"])
        self.assertNotIn("Dégustation finie", rows.mapped("name"))
        self.assertEqual(contact.activity_report_count, len(rows))
        self.assertEqual(contact.activity_report_count, 2, "open, not private")

    @users("crm_ext_salesman")
    def test_list_of_the_button_leaves_out_a_contact_the_user_may_not_see(self):
        # A person of the customer kept by another company: the salesperson
        # (not of that company) sees neither the person nor its to-dos, on
        # the button's count as in the list it opens.
        # Made by the superuser: a company made by a user is given to that user.
        other = (
            self.env["res.company"]
            .with_user(SUPERUSER_ID)
            .create({"name": "Autre Chocolat"})
        )
        hidden = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": "Contact de l'autre société",
                    "parent_id": self.customer.id,
                }
            )
        )
        hidden.company_id = other
        self.env["mail.activity"].sudo().create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": hidden.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                "summary": "Appel réservé à l'autre société",
                "date_deadline": date.today() + timedelta(days=1),
                "user_id": self.salesman.id,
            }
        )
        customer = self.env["res.partner"].browse(self.customer.id)
        self.assertFalse(self.env["res.partner"].search([("id", "=", hidden.id)]))
        action = customer.action_view_partner_activities()
        rows = self.env["res.partner.activity.report"].search(action["domain"])
        self.assertNotIn("Appel réservé à l'autre société", rows.mapped("name"))
        self.assertEqual(len(rows), customer.activity_report_count)

    @users("crm_ext_salesman")
    def test_history_button_lists_completed_ones_newest_first(self):
        contact = self.env["res.partner"].browse(self.contact.id)
        action = contact.action_view_partner_history()
        self.assertIn("History of", action["display_name"])
        # The button switches on the search view's "Completed Only" filter: the
        # Activities button lists the open ones, never the same list.
        self.assertEqual(action["context"], {"search_default_completed": 1})
        self.assertNotEqual(
            contact.action_view_partner_activities().get("context"), action["context"]
        )
        search_arch = self.env["res.partner.activity.report"].get_views(
            [(False, "search")]
        )["views"]["search"]["arch"]
        self.assertIn('name="completed"', search_arch)
        Report = self.env["res.partner.activity.report"].with_context(active_test=False)
        rows = Report.search(action["domain"])
        self.assertEqual(
            rows.mapped("name"),
            [
                "Visite en boutique",
                "Envoyer le catalogue",
                "Premier appel",
                "Salon du chocolat",
            ],
        )
        self.assertIn("done", rows.mapped("state"))

    @users("crm_ext_salesman")
    def test_print_an_intervention_report(self):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "crm_contacts_ext.report_calendar_event_intervention",
            self.next_visit.ids,
        )
        html = html.decode()
        self.assertIn("Intervention Report", html)
        self.assertIn("Visite en boutique", html)
        self.assertIn("1210 de la Cornée, Saint-Georges", html)
        self.assertIn("Jeanne Achat", html)
        report = self.env.ref(
            "crm_contacts_ext.calendar_event_report_intervention"
        ).sudo()
        self.assertEqual(report.binding_model_id.model, "calendar.event")
