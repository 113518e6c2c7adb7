"""The appointments of a contact's documents on its Activities and History: an
appointment belongs to its opportunity, else to the record it was made from
(a quotation, an invoice, a lead); the customer attending gets its attendee
row only; archived appointments are left out; rows of documents a user may not
read (another salesperson's, another company's) are hidden."""

from datetime import datetime, timedelta

from odoo.tests import new_test_user, tagged

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestActivityReportDocuments(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "sales_team.group_sale_salesman,base.group_partner_manager"
        cls.own_salesman = new_test_user(
            cls.env, login="brk_own", name="Odile Propres", groups=groups
        )
        cls.other_salesman = new_test_user(
            cls.env, login="brk_other", name="Hugo Autre", groups=groups
        )
        cls.env["crm.team"].search([]).write({"member_ids": False})
        cls.company_b = cls.env["res.company"].create({"name": "Confiserie B"})
        cls.user_b = new_test_user(
            cls.env,
            login="brk_user_b",
            groups=groups + ",account.group_account_invoice",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.env["account.journal"].create(
            {
                "name": "Ventes B",
                "code": "VB",
                "type": "sale",
                "company_id": cls.company_b.id,
            }
        )
        cls.company_a = cls.env.company
        cls.user_a_accountant = new_test_user(
            cls.env,
            login="brk_accountant",
            groups="account.group_account_invoice,base.group_partner_manager",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        Lead = cls.env["crm.lead"]
        cls.opportunity = Lead.create(
            {
                "name": "Truffes",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "user_id": cls.own_salesman.id,
            }
        )
        cls.others_opportunity = Lead.create(
            {
                "name": "Pralines",
                "type": "opportunity",
                "partner_id": cls.contact_ap.id,
                "user_id": cls.other_salesman.id,
            }
        )
        Order = cls.env["sale.order"]
        cls.order = Order.create(
            {"partner_id": cls.customer.id, "user_id": cls.own_salesman.id}
        )
        cls.contact_order = Order.create(
            {"partner_id": cls.contact.id, "user_id": cls.own_salesman.id}
        )
        cls.others_order = Order.create(
            {"partner_id": cls.customer.id, "user_id": cls.other_salesman.id}
        )
        cls.order_b = Order.with_company(cls.company_b).create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.user_b.id,
                "company_id": cls.company_b.id,
            }
        )
        Move = cls.env["account.move"]
        cls.invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_user_id": cls.own_salesman.id,
            }
        )
        cls.invoice_b = Move.with_company(cls.company_b).create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Autre client", "is_company": True}
        )
        cls.other_order = Order.create(
            {"partner_id": cls.other_customer.id, "user_id": cls.own_salesman.id}
        )
        cls.events = cls._make_events()

    @classmethod
    def _event(cls, name, ctx=None, days=2, **vals):
        start = datetime.now().replace(microsecond=0) + timedelta(days=days)
        Event = cls.env["calendar.event"].with_context(**(ctx or {}))
        vals.setdefault("partner_ids", [(6, 0, cls.own_salesman.partner_id.ids)])
        return Event.create(
            {"name": name, "start": start, "stop": start + timedelta(hours=1), **vals}
        )

    @staticmethod
    def _made_from(document):
        """The context an appointment scheduled from ``document`` is made in."""
        return {"default_res_model": document._name, "default_res_id": document.id}

    @classmethod
    def _make_events(cls):
        ev = {}
        # 1. of an opportunity, as from its Meetings button
        ev["opportunity"] = cls._event(
            "Opp", {"default_opportunity_id": cls.opportunity.id}
        )
        # 1b. of another salesperson's opportunity
        ev["others_opportunity"] = cls._event(
            "Opp autre", {"default_opportunity_id": cls.others_opportunity.id}
        )
        # 2. made from a quotation
        ev["order"] = cls._event(
            "Devis",
            cls._made_from(cls.order),
        )
        ev["contact_order"] = cls._event(
            "Devis contact",
            cls._made_from(cls.contact_order),
        )
        # 3. made from an invoice
        ev["invoice"] = cls._event(
            "Facture",
            cls._made_from(cls.invoice),
        )
        # 4. opportunity set while the document is another record (an order, of
        # another customer): the opportunity wins
        ev["opp_and_order"] = cls._event(
            "Opp + devis",
            cls._made_from(cls.other_order),
        )
        ev["opp_and_order"].opportunity_id = cls.opportunity
        ev["opp_and_own_order"] = cls._event(
            "Opp autre + devis",
            cls._made_from(cls.order),
        )
        ev["opp_and_own_order"].opportunity_id = cls.others_opportunity
        # 4b. made from a lead then its opportunity cleared (res_model crm.lead)
        ev["lead_no_opp"] = cls._event(
            "Lead sans opp", {"default_opportunity_id": cls.opportunity.id}
        )
        ev["lead_no_opp"].opportunity_id = False
        # 5. the customer attends an appointment of its own order: one row
        ev["customer_attends"] = cls._event(
            "Client invité",
            cls._made_from(cls.order),
            partner_ids=[(6, 0, (cls.customer | cls.own_salesman.partner_id).ids)],
        )
        ev["contact_attends_opp"] = cls._event(
            "Contact invité",
            {"default_opportunity_id": cls.opportunity.id},
            partner_ids=[(6, 0, (cls.contact | cls.own_salesman.partner_id).ids)],
        )
        # 6. archived, and past
        ev["archived"] = cls._event(
            "Archivé",
            cls._made_from(cls.order),
        )
        ev["archived"].active = False
        ev["past"] = cls._event(
            "Passé",
            cls._made_from(cls.order),
            days=-3,
        )
        # 7. another salesperson's order; another company's order and invoice
        ev["others_order"] = cls._event(
            "Devis autre",
            cls._made_from(cls.others_order),
        )
        ev["order_b"] = cls._event(
            "Devis B",
            cls._made_from(cls.order_b),
        )
        ev["invoice_b"] = cls._event(
            "Facture B",
            cls._made_from(cls.invoice_b),
        )
        # odd ones: a document that no longer exists, a contact as document,
        # a model without res_id
        ev["dangling"] = cls._event(
            "Devis disparu",
            cls._made_from(cls.order),
        )
        ev["dangling"].flush_recordset()
        cls.env.cr.execute(
            "UPDATE calendar_event SET res_id = 999999999 WHERE id = %s",
            [ev["dangling"].id],
        )
        ev["dangling"].invalidate_recordset()
        ev["of_contact"] = cls._event(
            "Depuis contact",
            cls._made_from(cls.customer),
        )
        cls.env.flush_all()
        return ev

    def _card(self, user, partner):
        env = self.env(user=user)
        env.invalidate_all()
        p = env["res.partner"].browse(partner.id)
        rows = {}
        for name in ("activities", "history"):
            method = getattr(p, f"action_view_partner_{name}")
            action = method()
            # the action's own context is a string (the XML action's): the
            # activities list shows open rows, the history all of them
            Report = env["res.partner.activity.report"]
            if name == "history":
                Report = Report.with_context(active_test=False)
            found = Report.search(action["domain"])
            rows[name] = sorted(
                (r.id, r.kind, r.partner_id.id, r.res_model, r.res_id, r.event_id.id)
                for r in found
            )
        env.invalidate_all()
        rows["count"] = p.activity_report_count
        return rows

    # -- the tests ----------------------------------------------------------

    def test_the_events_are_as_odoo_stores_them(self):
        ev = self.events
        self.assertEqual(ev["opportunity"].opportunity_id, self.opportunity)
        self.assertEqual(
            (ev["opportunity"].res_model, ev["opportunity"].res_id),
            ("crm.lead", self.opportunity.id),
        )
        self.assertEqual(
            (ev["order"].res_model, ev["order"].res_id, ev["order"].opportunity_id.id),
            ("sale.order", self.order.id, False),
        )
        self.assertEqual(
            (ev["invoice"].res_model, ev["invoice"].res_id),
            ("account.move", self.invoice.id),
        )
        self.assertEqual(
            (ev["opp_and_order"].res_model, ev["opp_and_order"].opportunity_id),
            ("sale.order", self.opportunity),
        )
        self.assertEqual(ev["lead_no_opp"].res_model, "crm.lead")
        self.assertFalse(ev["lead_no_opp"].opportunity_id)

    def test_expected_rows(self):
        """What the (new) view lists for the cases, as the superuser."""
        ev = self.events
        Report = self.env["res.partner.activity.report"].with_context(active_test=False)

        def rows(event):
            found = Report.search([("event_id", "=", event.id)])
            return sorted((r.partner_id.id, r.res_model or False) for r in found)

        own = self.own_salesman.partner_id.id
        self.assertEqual(
            rows(ev["opportunity"]),
            sorted([(own, False), (self.contact.id, "crm.lead")]),
        )
        self.assertEqual(
            rows(ev["order"]), sorted([(own, False), (self.customer.id, "sale.order")])
        )
        self.assertEqual(
            rows(ev["invoice"]),
            sorted([(own, False), (self.customer.id, "account.move")]),
        )
        # opportunity wins over the order it points to
        self.assertEqual(
            rows(ev["opp_and_order"]),
            sorted([(own, False), (self.contact.id, "crm.lead")]),
        )
        self.assertEqual(
            rows(ev["lead_no_opp"]),
            sorted([(own, False), (self.contact.id, "crm.lead")]),
        )
        # the customer attends: its attendee row only
        self.assertEqual(
            rows(ev["customer_attends"]),
            sorted([(own, False), (self.customer.id, False)]),
        )
        self.assertEqual(
            rows(ev["contact_attends_opp"]),
            sorted([(own, False), (self.contact.id, False)]),
        )
        self.assertEqual(rows(ev["archived"]), [])
        self.assertEqual(
            rows(ev["past"]), sorted([(own, False), (self.customer.id, "sale.order")])
        )
        self.assertEqual(rows(ev["dangling"]), [(own, False)])
        self.assertEqual(rows(ev["of_contact"]), [(own, False)])

    def test_access_filters_documents_rows(self):
        """Rows of documents a user may not read are not listed (new view)."""
        ev = self.events
        own = self._card(self.own_salesman, self.customer)["history"]
        own_events = {row[5] for row in own if row[3]}
        self.assertIn(ev["order"].id, own_events)
        self.assertIn(ev["opportunity"].id, own_events)
        self.assertNotIn(ev["others_order"].id, own_events)
        self.assertNotIn(ev["order_b"].id, own_events)
        self.assertNotIn(ev["others_opportunity"].id, own_events)
        b = self._card(self.user_b, self.customer)["history"]
        b_events = {row[5] for row in b if row[3]}
        self.assertIn(ev["order_b"].id, b_events)
        self.assertNotIn(ev["order"].id, b_events)
        self.assertNotIn(ev["invoice"].id, b_events)
        self.assertNotIn(ev["opportunity"].id, b_events)
