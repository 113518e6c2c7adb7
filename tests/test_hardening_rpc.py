"""The addon's rules hold over XML-RPC, for the people who use it (issue 9).

What an integration calling the running server as a salesperson or an accountant
(never as the administrator) notices:

- a quotation, its confirmation, an invoice or its posting for a contact under a
  blocking warning is refused with the warning's message, and nothing is left
  behind (no document, the state unchanged); a non-blocking warning lets it
  through; a member of "Override blocking warnings" goes through with a reason,
  which is posted on the document;
- a consent event can be neither edited nor deleted; granting and withdrawing
  append events, and the contact's consent follows the latest one;
- a personal address is neither found nor readable without "Personal data";
- rank 1 of a role is held by one contact of a company only, and a rank of 0 or
  less is refused with a message naming the field.
"""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

OVERRIDE_GROUP = "crm_contacts_ext.group_warning_override"
SALESMAN_GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"
ACCOUNTANT_GROUPS = "account.group_account_invoice,base.group_partner_manager"
# Odoo's XML-RPC fault codes (odoo/addons/base/controllers/rpc.py).
FAULT_USER_ERROR = 2
FAULT_ACCESS_ERROR = 4


class RpcCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="crm_ext_h1_salesman", groups=SALESMAN_GROUPS
        )
        cls.accountant = new_test_user(
            cls.env, login="crm_ext_h1_accountant", groups=ACCOUNTANT_GROUPS
        )

    def _rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method`` over XML-RPC as ``user`` (password = login)."""
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def _refused(self, user, model, method, *args, **kwargs):
        """The call fails with a Fault; the server logs it as for any user error."""
        with (
            self.assertLogs("odoo.http", "WARNING"),
            self.assertRaises(xmlrpc.client.Fault) as caught,
        ):
            self._rpc(user, model, method, *args, **kwargs)
        # What the call wrote, if anything, must now be visible to self.env.
        self.env.invalidate_all()
        return caught.exception


@tagged("standard", "post_install", "-at_install")
class TestBlockingWarningRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overrider = new_test_user(
            cls.env,
            login="crm_ext_h1_overrider",
            groups=f"{SALESMAN_GROUPS},account.group_account_invoice,{OVERRIDE_GROUP}",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Pralines RPC", "type": "consu", "list_price": 12.0}
        )
        Partner = cls.env["res.partner"]
        cls.bad = Partner.create({"name": "Mauvais Payeur RPC", "is_company": True})
        cls.bad_contact = Partner.create(
            {"name": "Marc Retard RPC", "parent_id": cls.bad.id}
        )

    def _warn(self, blocking=True, message="Chocolats impayés depuis mars"):
        return self.env["res.partner.warning"].create(
            {"partner_id": self.bad.id, "message": message, "blocking": blocking}
        )

    def _order_vals(self, partner):
        return {
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": self.product.id})],
        }

    def _invoice_vals(self, partner):
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [
                (0, 0, {"product_id": self.product.id, "price_unit": 12.0})
            ],
        }

    def _documents(self, model):
        field = "order_partner_id" if model == "sale.order.line" else "partner_id"
        return self.env[model].search(
            [(field, "in", (self.bad | self.bad_contact).ids)]
        )

    def _assert_blocked(self, fault):
        self.assertEqual(fault.faultCode, FAULT_USER_ERROR)
        self.assertIn("Chocolats impayés depuis mars", fault.faultString)
        self.assertIn("is blocked", fault.faultString)

    def test_salesperson_cannot_create_a_quotation(self):
        self._warn()
        # On the company and on its contact: the warning of a company covers them.
        for partner in (self.bad, self.bad_contact):
            fault = self._refused(
                self.salesman, "sale.order", "create", self._order_vals(partner)
            )
            self._assert_blocked(fault)
        self.assertFalse(self._documents("sale.order"))
        self.assertFalse(self._documents("sale.order.line"))
        self.assertEqual(
            self._rpc(
                self.salesman,
                "sale.order",
                "search",
                [("partner_id", "=", self.bad.id)],
            ),
            [],
        )

    def test_salesperson_cannot_confirm_a_quotation_drafted_before(self):
        order_id = self._rpc(
            self.salesman, "sale.order", "create", self._order_vals(self.bad)
        )
        self._warn()
        fault = self._refused(self.salesman, "sale.order", "action_confirm", [order_id])
        self._assert_blocked(fault)
        [order] = self._rpc(
            self.salesman, "sale.order", "read", [order_id], fields=["state"]
        )
        self.assertEqual(order["state"], "draft")

    def test_accountant_cannot_create_or_post_an_invoice(self):
        move_id = self._rpc(
            self.accountant, "account.move", "create", self._invoice_vals(self.bad)
        )
        self._warn()
        fault = self._refused(
            self.accountant, "account.move", "create", self._invoice_vals(self.bad)
        )
        self._assert_blocked(fault)
        self.assertEqual(self._documents("account.move").ids, [move_id])

        fault = self._refused(self.accountant, "account.move", "action_post", [move_id])
        self._assert_blocked(fault)
        [move] = self._rpc(
            self.accountant, "account.move", "read", [move_id], fields=["state", "name"]
        )
        self.assertEqual(move["state"], "draft")
        # No invoice number taken either: no gap in the sequence.
        self.assertIn(move["name"], ("/", False))

    def test_non_blocking_warning_lets_the_documents_through(self):
        self._warn(blocking=False, message="Toujours payer d'avance")
        order_id = self._rpc(
            self.salesman, "sale.order", "create", self._order_vals(self.bad)
        )
        self._rpc(self.salesman, "sale.order", "action_confirm", [order_id])
        move_id = self._rpc(
            self.accountant, "account.move", "create", self._invoice_vals(self.bad)
        )
        self._rpc(self.accountant, "account.move", "action_post", [move_id])
        [order] = self._rpc(
            self.salesman,
            "sale.order",
            "read",
            [order_id],
            fields=["state", "partner_warning_banner"],
        )
        self.assertEqual(order["state"], "sale")
        self.assertIn("Toujours payer d'avance", order["partner_warning_banner"])
        self.assertEqual(self.env["account.move"].browse(move_id).state, "posted")

    def test_override_group_goes_through_with_a_reason(self):
        self._warn()
        # Without a reason, the member of the group is refused like anybody.
        fault = self._refused(
            self.overrider, "sale.order", "create", self._order_vals(self.bad)
        )
        self._assert_blocked(fault)
        reason = {"context": {"warning_override_reason": "Acompte de 50 % reçu"}}
        order_id = self._rpc(
            self.overrider,
            "sale.order",
            "create",
            self._order_vals(self.bad),
            **reason,
        )
        self._rpc(self.overrider, "sale.order", "action_confirm", [order_id], **reason)
        move_id = self._rpc(
            self.overrider,
            "account.move",
            "create",
            self._invoice_vals(self.bad),
            **reason,
        )
        self._rpc(self.overrider, "account.move", "action_post", [move_id], **reason)
        order = self.env["sale.order"].browse(order_id)
        move = self.env["account.move"].browse(move_id)
        self.assertEqual(order.state, "sale")
        self.assertEqual(move.state, "posted")
        for document in (order, move):
            self.assertIn(
                "Acompte de 50 % reçu",
                "".join(document.message_ids.mapped("body")),
            )
        # The same reason sent by the salesperson changes nothing.
        fault = self._refused(
            self.salesman,
            "sale.order",
            "create",
            self._order_vals(self.bad),
            **reason,
        )
        self._assert_blocked(fault)
        self.assertEqual(self._documents("sale.order"), order)


@tagged("standard", "post_install", "-at_install")
class TestConsentRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create(
            {"name": "Julie Consent RPC", "email": "julie.rpc@example.com"}
        )

    def _history(self):
        return self._rpc(
            self.salesman,
            "res.partner.consent",
            "search_read",
            [("partner_id", "=", self.partner.id)],
            fields=["state", "channel", "date"],
            order="id",
        )

    def _current(self, user):
        [partner] = self._rpc(
            user,
            "res.partner",
            "read",
            [self.partner.id],
            fields=["consent_state", "allow_communication"],
        )
        return partner["consent_state"], partner["allow_communication"]

    def test_consent_event_cannot_be_edited_or_deleted(self):
        event_id = self._rpc(
            self.salesman,
            "res.partner.consent",
            "create",
            {
                "partner_id": self.partner.id,
                "state": "granted",
                "legal_basis": "consent",
                "channel": "phone",
            },
        )
        before = self._history()
        for user in (self.salesman, self.accountant):
            fault = self._refused(
                user, "res.partner.consent", "write", [event_id], {"state": "withdrawn"}
            )
            self.assertEqual(fault.faultCode, FAULT_USER_ERROR)
            self.assertIn("cannot be modified", fault.faultString)
            fault = self._refused(user, "res.partner.consent", "unlink", [event_id])
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR)
            # Through the contact's one2many as well.
            fault = self._refused(
                user,
                "res.partner",
                "write",
                [self.partner.id],
                {"consent_ids": [(1, event_id, {"channel": "paper"})]},
            )
            self.assertIn("cannot be modified", fault.faultString)
            self._refused(
                user,
                "res.partner",
                "write",
                [self.partner.id],
                {"consent_ids": [(2, event_id, 0)]},
            )
        self.assertEqual(self._history(), before)
        self.assertEqual(self._current(self.accountant), ("granted", True))

    def test_grant_and_withdraw_append_events_and_the_contact_follows(self):
        self.assertEqual(self._current(self.salesman), ("unknown", False))
        # The salesperson ticks the box: the wizard asks how consent was given.
        wizard_id = self._rpc(
            self.salesman,
            "res.partner.consent.wizard",
            "create",
            {"partner_id": self.partner.id, "state": "granted", "channel": "email"},
        )
        self._rpc(
            self.salesman, "res.partner.consent.wizard", "action_confirm", [wizard_id]
        )
        self.assertEqual(self._current(self.salesman), ("granted", True))
        # An integration unticks it: a withdrawal event, channel "import".
        self._rpc(
            self.accountant,
            "res.partner",
            "write",
            [self.partner.id],
            {"allow_communication": False},
        )
        self.assertEqual(self._current(self.salesman), ("withdrawn", False))
        # Writing the same value again records nothing.
        self._rpc(
            self.accountant,
            "res.partner",
            "write",
            [self.partner.id],
            {"allow_communication": False},
        )
        # An event recorded directly counts as well.
        self._rpc(
            self.salesman,
            "res.partner.consent",
            "create",
            {
                "partner_id": self.partner.id,
                "state": "granted",
                "legal_basis": "contract",
                "channel": "paper",
            },
        )
        self.assertEqual(self._current(self.accountant), ("granted", True))
        self.assertEqual(
            [(e["state"], e["channel"]) for e in self._history()],
            [("granted", "email"), ("withdrawn", "import"), ("granted", "paper")],
        )
        blacklisted = self.env["mail.blacklist"].search(
            [("email", "=", "julie.rpc@example.com")]
        )
        self.assertFalse(blacklisted)


@tagged("standard", "post_install", "-at_install")
class TestPersonalAddressHardeningRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(
            cls.env,
            login="crm_ext_h1_member",
            groups=f"{SALESMAN_GROUPS},crm_contacts_ext.group_personal_data",
        )
        cls.person = cls.env["res.partner"].create({"name": "Rémi Domicile"})
        cls.home = cls.env["res.partner"].create(
            {
                "name": "Rémi Domicile (maison)",
                "parent_id": cls.person.id,
                "type": "personal",
                "street": "12 chemin Secret",
            }
        )

    def test_outsiders_neither_find_nor_read_a_personal_address(self):
        # Odoo gives a first contact's address to a parent without one: not
        # a personal address, which would become the person's public address.
        [person] = self._rpc(
            self.salesman, "res.partner", "read", [self.person.id], fields=["street"]
        )
        self.assertFalse(person["street"])
        for user in (self.salesman, self.accountant):
            for domain in (
                [("id", "=", self.home.id)],
                [("street", "=", "12 chemin Secret")],
                [("parent_id", "=", self.person.id)],
            ):
                self.assertEqual(
                    self._rpc(user, "res.partner", "search", domain), [], domain
                )
            rows = self._rpc(
                user,
                "res.partner",
                "search_read",
                [("id", "child_of", self.person.id)],
                fields=["street"],
            )
            self.assertEqual([row["id"] for row in rows], [self.person.id])
            fault = self._refused(
                user, "res.partner", "read", [self.home.id], fields=["street"]
            )
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR)
            self.assertNotIn("12 chemin Secret", fault.faultString)
            # Nor through the person's list of addresses.
            [person] = self._rpc(
                user, "res.partner", "read", [self.person.id], fields=["child_ids"]
            )
            self.assertEqual(person["child_ids"], [])

    def test_member_of_personal_data_reads_it(self):
        self.assertEqual(
            self._rpc(
                self.member, "res.partner", "search", [("type", "=", "personal")]
            ),
            self.env["res.partner"].search([("type", "=", "personal")]).ids,
        )
        [home] = self._rpc(
            self.member, "res.partner", "read", [self.home.id], fields=["street"]
        )
        self.assertEqual(home["street"], "12 chemin Secret")


@tagged("standard", "post_install", "-at_install")
class TestRoleRankRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company = Partner.create({"name": "Cacao Rang RPC", "is_company": True})
        cls.alice, cls.bruno = Partner.create(
            [
                {"name": "Alice Rang", "parent_id": cls.company.id},
                {"name": "Bruno Rang", "parent_id": cls.company.id},
            ]
        )
        cls.role = cls.env.ref("crm_contacts_ext.role_purchasing")

    def _ranks(self):
        rows = self._rpc(
            self.salesman,
            "res.partner.contact.role.line",
            "search_read",
            [("commercial_partner_id", "=", self.company.id)],
            fields=["partner_id", "rank"],
        )
        return {row["partner_id"][0]: row["rank"] for row in rows}

    def _give(self, user, partner, rank):
        return self._rpc(
            user,
            "res.partner.contact.role.line",
            "create",
            {"partner_id": partner.id, "role_id": self.role.id, "rank": rank},
        )

    def test_second_rank_one_pushes_the_first_down(self):
        alice_line = self._give(self.salesman, self.alice, 1)
        self._give(self.accountant, self.bruno, 1)
        self.assertEqual(self._ranks(), {self.bruno.id: 1, self.alice.id: 2})
        # Alice is given rank 1 back by a write: Bruno goes down.
        self._rpc(
            self.salesman,
            "res.partner.contact.role.line",
            "write",
            [alice_line],
            {"rank": 1},
        )
        self.assertEqual(self._ranks(), {self.alice.id: 1, self.bruno.id: 2})

    def test_rank_zero_or_negative_is_refused(self):
        line_id = self._give(self.salesman, self.alice, 1)
        for rank in (0, -1, -30):
            fault = self._refused(
                self.salesman,
                "res.partner.contact.role.line",
                "write",
                [line_id],
                {"rank": rank},
            )
            self.assertEqual(fault.faultCode, FAULT_USER_ERROR)
            self.assertIn('"Rank" must be 1 or more', fault.faultString)
            fault = self._refused(
                self.accountant,
                "res.partner.contact.role.line",
                "create",
                {
                    "partner_id": self.bruno.id,
                    "role_id": self.role.id,
                    "rank": rank,
                },
            )
            self.assertIn('"Rank" must be 1 or more', fault.faultString)
        self.assertEqual(self._ranks(), {self.alice.id: 1})


@tagged("standard", "post_install", "-at_install")
class TestActivityReportRpc(RpcCase):
    def test_history_list_whatever_context_the_client_sends(self):
        # The report's cheaper shape for the card's count is chosen by the
        # server only: a client naming it in its context still reads the list
        # (it got an SQL error, and the server log an ERROR line).
        contact = self.env["res.partner"].create({"name": "Julie Historique"})
        contact.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Rappeler Julie",
            user_id=self.salesman.id,
        )
        domain = [("partner_id", "=", contact.id)]
        fields = ["name", "date", "state"]
        expected = self._rpc(
            self.salesman, "res.partner.activity.report", "search_read", domain, fields
        )
        self.assertEqual([row["name"] for row in expected], ["Rappeler Julie"])
        for context in ({"activity_report_count": True}, {"activity_report_count": 1}):
            rows = self._rpc(
                self.salesman,
                "res.partner.activity.report",
                "search_read",
                domain,
                fields,
                context=context,
            )
            self.assertEqual(rows, expected)
