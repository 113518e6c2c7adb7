"""Opportunities with status, product lines, competitors and a printable form."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestOpportunityLines(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Trop cher"})
        cls.product_truffle = cls.env["product.product"].create(
            {
                "name": "Truffes assorties",
                "list_price": 100.0,
                "standard_price": 60.0,
                "sale_ok": True,
            }
        )
        cls.product_bar = cls.env["product.product"].create(
            {"name": "Tablette noire", "list_price": 50.0, "sale_ok": True}
        )
        cls.competitor = cls.env["res.partner"].create(
            {"name": "Chocolats Rivaux", "is_company": True, "is_competitor": True}
        )
        cls.other_salesman = cls.env["res.users"].create(
            {
                "name": "Autre Vendeur",
                "login": "crm_ext_other_salesman",
                "groups_id": [
                    (6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])
                ],
            }
        )

    def _opportunity(self, **values):
        return self.env["crm.lead"].create(
            {
                "name": "Coffrets de Noël",
                "type": "opportunity",
                "partner_id": self.contact.id,
                "user_id": self.env.uid,
                **values,
            }
        )

    @users("crm_ext_salesman")
    def test_status_follows_won_lost_archive_and_restore(self):
        won = self._opportunity()
        self.assertEqual(won.opportunity_status, "open")
        won.action_set_won()
        self.assertEqual(won.opportunity_status, "won")

        lost = self._opportunity(name="Ballotins")
        wizard = self.env["crm.lead.lost"].create(
            {"lead_ids": [(6, 0, lost.ids)], "lost_reason_id": self.lost_reason.id}
        )
        wizard.action_lost_reason_apply()
        self.assertFalse(lost.active)
        self.assertEqual(lost.opportunity_status, "lost")

        shelved = self._opportunity(name="Pralinés")
        shelved.action_archive()
        self.assertEqual(shelved.opportunity_status, "inactive")

        # The status is searchable, archived opportunities included.
        Lead = self.env["crm.lead"].with_context(active_test=False)
        for status, lead in (("won", won), ("lost", lost), ("inactive", shelved)):
            found = Lead.search(
                [
                    ("opportunity_status", "=", status),
                    ("id", "in", (won | lost | shelved).ids),
                ]
            )
            self.assertEqual(found, lead, status)

        (lost | shelved).action_unarchive()
        self.assertEqual(lost.opportunity_status, "open")
        self.assertEqual(shelved.opportunity_status, "open")
        self.assertFalse(lost.lost_reason_id)

    @users("crm_ext_salesman")
    def test_lines_roll_up_into_expected_revenue(self):
        lead = self._opportunity()
        with Form(lead) as form:
            with form.line_ids.new() as line:
                line.product_id = self.product_truffle
                self.assertEqual(line.price_unit, 100.0)
                self.assertEqual(line.adjusted_price, 100.0)
                self.assertEqual(line.name, "Truffes assorties")
                line.product_uom_qty = 2
                line.discount = 10
            with form.line_ids.new() as line:
                line.product_id = self.product_bar
                line.product_uom_qty = 1.5
                line.adjusted_price = 40.0
            # 2 × 100 × 0.9 + 1.5 × 40
            self.assertEqual(form.expected_revenue, 240.0)
        self.assertEqual(lead.expected_revenue, 240.0)
        self.assertEqual(lead.line_ids.mapped("price_subtotal"), [180.0, 60.0])
        self.assertEqual(lead.line_ids[0].cost, 60.0)
        self.assertEqual(
            lead.prorated_revenue, round(240.0 * lead.probability / 100, 2)
        )

        lead.line_ids[1].discount = 50
        self.assertEqual(lead.expected_revenue, 210.0)

    @users("crm_ext_salesman")
    def test_margin_of_each_line(self):
        lead = self._opportunity(
            line_ids=[
                Command.create(
                    {"product_id": self.product_truffle.id, "product_uom_qty": 2}
                )
            ]
        )
        line = lead.line_ids
        # 2 × 100 sold, 2 × 60 of cost
        self.assertEqual((line.price_subtotal, line.margin), (200.0, 80.0))
        self.assertAlmostEqual(line.margin_percent, 0.4)
        list_arch = self.env["crm.lead"].get_views([(False, "form")])["views"]["form"]
        self.assertIn('name="margin"', list_arch["arch"])

    @users("crm_ext_salesman")
    def test_lines_of_won_or_lost_opportunity_are_locked(self):
        won = self._opportunity(
            line_ids=[Command.create({"product_id": self.product_truffle.id})]
        )
        won.action_set_won()
        form = Form(won)
        self.assertTrue(form._get_modifier("line_ids", "readonly"))
        for change in (
            lambda: won.line_ids.write({"discount": 50}),
            lambda: won.write(
                {"line_ids": [Command.create({"product_id": self.product_bar.id})]}
            ),
            lambda: won.line_ids.unlink(),
        ):
            with self.assertRaises(UserError):
                change()
        self.assertEqual(won.line_ids.discount, 0.0)
        self.assertEqual(len(won.line_ids), 1)

        lost = self._opportunity(
            name="Ballotins",
            line_ids=[Command.create({"product_id": self.product_bar.id})],
        )
        self.env["crm.lead.lost"].create(
            {"lead_ids": [(6, 0, lost.ids)], "lost_reason_id": self.lost_reason.id}
        ).action_lost_reason_apply()
        with self.assertRaises(UserError):
            lost.line_ids.write({"product_uom_qty": 3})
        # Restored, the opportunity is open again and its lines editable.
        lost.action_unarchive()
        lost.line_ids.write({"product_uom_qty": 3})
        self.assertEqual(lost.expected_revenue, 150.0)

    @users("crm_ext_salesman")
    def test_lead_without_lines_keeps_typed_revenue(self):
        lead = self._opportunity(expected_revenue=5000.0)
        lead.name = "Coffrets de Pâques"
        self.assertEqual(lead.expected_revenue, 5000.0)
        self.env["crm.lead.product.line"].create(
            {
                "lead_id": lead.id,
                "product_id": self.product_bar.id,
                "product_uom_qty": 3,
            }
        )
        self.assertEqual(lead.expected_revenue, 150.0)

    @users("crm_ext_salesman")
    def test_quantity_keeps_the_uom_precision(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        lead = self._opportunity()
        line = self.env["crm.lead.product.line"].create(
            {"lead_id": lead.id, "name": "Vrac", "product_uom_qty": 1.23456789}
        )
        line.flush_recordset()
        line.invalidate_recordset()
        self.assertEqual(line.product_uom_qty, round(1.23456789, digits))

    @users("crm_ext_salesman")
    def test_bad_quantity_or_discount_is_refused_and_nothing_written(self):
        lead = self._opportunity(expected_revenue=700.0)
        Line = self.env["crm.lead.product.line"]
        base = {"lead_id": lead.id, "product_id": self.product_truffle.id}
        refusals = (
            ({"product_uom_qty": -1}, "quantity of the line"),
            ({"discount": 120}, "discount of the line"),
            ({"discount": -5}, "discount of the line"),
        )
        for values, message in refusals:
            # assertRaises (not ...Regex) rolls back to a savepoint, as the
            # RPC/web request's transaction would be.
            with self.assertRaises(ValidationError) as refusal:
                Line.create({**base, **values})
            self.assertIn(message, str(refusal.exception))
        lead.invalidate_recordset()
        self.assertFalse(lead.line_ids)
        self.assertEqual(lead.expected_revenue, 700.0)

        line = Line.create({**base, "product_uom_qty": 2})
        with self.assertRaises(ValidationError):
            line.write({"product_uom_qty": -2, "discount": 5})
        line.invalidate_recordset()
        self.assertEqual((line.product_uom_qty, line.discount), (2.0, 0.0))
        self.assertEqual(lead.expected_revenue, 200.0)

    @users("crm_ext_salesman")
    def test_lines_follow_the_opportunity_access(self):
        foreign = (
            self.env["crm.lead"]
            .sudo()
            .create(
                {
                    "name": "Opportunité d'un collègue",
                    "type": "opportunity",
                    "user_id": self.other_salesman.id,
                    "line_ids": [(0, 0, {"product_id": self.product_bar.id})],
                }
            )
        )
        lines = self.env["crm.lead.product.line"].search([("lead_id", "=", foreign.id)])
        self.assertFalse(lines)
        with self.assertRaises(AccessError):
            self.env["crm.lead.product.line"].browse(foreign.sudo().line_ids.id).read(
                ["name"]
            )
        with self.assertRaises(AccessError):
            self.env["crm.lead.product.line"].create(
                {"lead_id": foreign.id, "product_id": self.product_bar.id}
            )

    @users("crm_ext_salesman")
    def test_competitors_and_printed_opportunity(self):
        lead = self._opportunity(
            competitor_ids=[(4, self.competitor.id)],
            line_ids=[
                (0, 0, {"product_id": self.product_truffle.id, "product_uom_qty": 3}),
            ],
        )
        self.assertEqual(lead.competitor_ids, self.competitor)
        domain = lead._fields["competitor_ids"].domain
        self.assertNotIn(self.contact, self.env["res.partner"].search(domain))
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "crm_contacts_ext.crm_lead_report_action", lead.ids
        )
        html = html.decode()
        self.assertIn("Coffrets de Noël", html)
        self.assertIn("Truffes assorties", html)
        self.assertIn("300.00", html)
        self.assertIn("Chocolats Rivaux", html)

    @users("crm_ext_salesman")
    def test_contact_opportunities_filterable_by_status(self):
        open_lead = self._opportunity()
        shelved = self._opportunity(name="Ancienne")
        shelved.action_archive()
        action = self.contact.action_view_opportunity()
        self.assertEqual(action["context"]["default_partner_id"], self.contact.id)
        self.assertEqual(action["views"][0][1], "list")
        Lead = self.env["crm.lead"]
        self.assertEqual(Lead.search(action["domain"]), open_lead | shelved)
        self.assertEqual(
            Lead.search(action["domain"] + [("opportunity_status", "=", "inactive")]),
            shelved,
        )
        arch = Lead.get_views([(False, "search")])["views"]["search"]["arch"]
        for name in (
            "filter_status_open",
            "filter_status_lost",
            "filter_date_deadline",
        ):
            self.assertIn(name, arch)

    @users("crm_ext_salesman")
    def test_lines_win_over_a_typed_revenue_given_with_them(self):
        """The form (or an RPC client) may send both in one call."""
        lead = self._opportunity(
            expected_revenue=999.0,
            line_ids=[
                (0, 0, {"product_id": self.product_bar.id, "product_uom_qty": 2})
            ],
        )
        self.assertEqual(lead.expected_revenue, 100.0)
        lead.write({"expected_revenue": 5.0})
        self.assertEqual(lead.expected_revenue, 100.0)

    @users("crm_ext_accountant")
    def test_accountant_without_sales_rights_cannot_read_lines(self):
        lead = (
            self.env["crm.lead"]
            .sudo()
            .create(
                {
                    "name": "Opportunité",
                    "type": "opportunity",
                    "line_ids": [(0, 0, {"product_id": self.product_bar.id})],
                }
            )
        )
        with self.assertRaises(AccessError):
            self.env["crm.lead.product.line"].browse(lead.line_ids.ids).read(
                ["price_subtotal"]
            )

    def test_demo_opportunity_totals_its_lines(self):
        lead = self.env.ref("crm_contacts_ext.lead_laura_secord_noel")
        # 120 × 39 + 400 × 6.50 × 0.95
        self.assertEqual(lead.expected_revenue, 4680.0 + 2470.0)
        self.assertEqual(lead.opportunity_status, "open")
        lost = self.env.ref("crm_contacts_ext.sale_order_folies_lost")
        self.assertEqual(lost.occasion_status, "lost")
        self.assertEqual(lost.lost_reason_id.code, "CONC")
