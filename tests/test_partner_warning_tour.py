"""Blocking warnings seen from outside: the web client (Chromium) and XML-RPC."""

import xmlrpc.client

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningWeb(TourCase):
    tour_login = "crm_ext_warn_tour_salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.blocked = cls.env["res.partner"].create(
            {"name": "Mauvais Payeur Tour", "is_company": True}
        )
        cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.blocked.id,
                "message": "Chocolats impayés depuis mars",
                "blocking": True,
            }
        )

    def test_tour_blocked_customer_emptied_on_quotation(self):
        orders_before = self.env["sale.order"].search_count([])
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding/new",
            "crm_contacts_ext_partner_warning_block",
            login=self.salesman.login,
        )
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)

    def test_xmlrpc_create_and_write_refused(self):
        # The server logs each refused call as a warning, as for any UserError.
        with self.assertLogs("odoo.http", "WARNING") as logs:
            self._xmlrpc_calls()
        self.assertEqual(len(logs.output), 3)

    def _xmlrpc_calls(self):
        db, uid, password = self.env.cr.dbname, self.salesman.id, self.salesman.login
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute(
                db,
                uid,
                password,
                "sale.order",
                "create",
                {"partner_id": self.blocked.id},
            )
        self.assertIn("Chocolats impayés depuis mars", caught.exception.faultString)
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.blocked.id)])
        )
        other = self.env["res.partner"].create({"name": "Client Ponctuel"})
        lead_id = self.xmlrpc_object.execute(
            db,
            uid,
            password,
            "crm.lead",
            "create",
            {"name": "Coffrets", "partner_id": other.id},
        )
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute(
                db,
                uid,
                password,
                "crm.lead",
                "write",
                [lead_id],
                {"partner_id": self.blocked.id},
            )
        self.assertIn("Chocolats impayés depuis mars", caught.exception.faultString)
        self.assertEqual(self.env["crm.lead"].browse(lead_id).partner_id, other)
        # The override reason sent by a user outside the group changes nothing.
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_object.execute_kw(
                db,
                uid,
                password,
                "calendar.event",
                "create",
                [
                    {
                        "name": "Dégustation",
                        "start": "2030-01-07 10:00:00",
                        "stop": "2030-01-07 11:00:00",
                        "partner_ids": [[4, self.blocked.id, 0]],
                    }
                ],
                {"context": {"warning_override_reason": "Je passe outre"}},
            )
