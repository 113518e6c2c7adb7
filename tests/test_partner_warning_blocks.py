"""Who may lift a block (issue 23).

Only the members of "Manage blocking warnings" (sales and accounting managers,
the administrator) create, change, archive, restore or delete a blocking warning;
everyone who edits contacts still adds and edits non-blocking warnings. The rule
holds in the contact's form, the warning's form, CSV import and RPC, and every
change is told in the contact's chatter.

The salesperson is made as in Settings › Users: the default user template, with
the Sales level lowered to "User: Own Documents Only" and no Invoicing level (the
template makes every new user a Sales and Invoicing administrator).
"""

import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ContactsCase, open_tab
from .test_hardening_rpc import FAULT_ACCESS_ERROR, RpcCase

MANAGE_BLOCKS_GROUP = "crm_contacts_ext.group_manage_blocking_warnings"
OVERRIDE_GROUP = "crm_contacts_ext.group_warning_override"
# The levels an administrator lowers to make a salesperson of the template.
MANAGER_LEVELS = (
    "sales_team.group_sale_manager",
    "sales_team.group_sale_salesman_all_leads",
    "account.group_account_manager",
    "account.group_account_invoice",
)


def new_salesperson(env, login):
    """A salesperson made from Odoo's default user template (base.default_user)."""
    levels = env["res.groups"].union(*(env.ref(xmlid) for xmlid in MANAGER_LEVELS))
    # The template holds the groups the levels imply (ours among them): drop them.
    groups = env.ref("base.default_user").groups_id - levels - levels.trans_implied_ids
    groups |= env.ref("base.group_user") | env.ref("sales_team.group_sale_salesman")
    return new_test_user(env, login=login, groups_id=groups.ids)


class BlocksCase:
    """Shared records: the company "Folies au Chocolat" under a blocking warning."""

    @classmethod
    def _setup_blocks(cls):
        env = cls.env
        cls.salesperson = new_salesperson(env, f"{cls._prefix}_salesperson")
        cls.credit_manager = new_test_user(
            env,
            login=f"{cls._prefix}_credit_manager",
            name="Claire Crédit",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        cls.folies = env["res.partner"].create(
            {"name": "Folies au Chocolat", "is_company": True}
        )
        cls.block = env["res.partner.warning"].create(
            {"partner_id": cls.folies.id, "message": "Mauvais payeur", "blocking": True}
        )

    def _assert_block_intact(self):
        self.env.invalidate_all()
        block = self.block.with_context(active_test=False)
        self.assertTrue(block.exists(), "the block is still there")
        self.assertTrue(block.active and block.blocking)
        self.assertTrue(block.on_sale_order and block.on_invoice)
        self.assertFalse(block.date_end)
        self.assertEqual(block.message, "Mauvais payeur")


@tagged("standard", "post_install", "-at_install")
class TestBlockingWarningRights(BlocksCase, ContactsCase):
    _prefix = "crm_ext_b1"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_blocks()

    def _yesterday(self):
        return fields.Date.context_today(self.block) - timedelta(days=1)

    def _last_note(self, partner):
        """The newest message in ``partner``'s chatter: (body text, author)."""
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)],
            order="id desc",
            limit=1,
        )
        return message.body.striptags() if message.body else "", message.author_id

    # Who is a member ------------------------------------------------------

    def test_managers_and_admin_manage_blocks_salesperson_does_not(self):
        group = self.env.ref(MANAGE_BLOCKS_GROUP)
        account_manager = new_test_user(
            self.env, login="crm_ext_b1_acc_mgr", groups="account.group_account_manager"
        )
        for user in (
            self.credit_manager,
            account_manager,
            self.env.ref("base.user_admin"),
        ):
            self.assertIn(user, group.users, user.login)
        self.assertNotIn(self.salesperson, group.users)
        self.assertTrue(self.salesperson.has_group("base.group_partner_manager"))

    # The salesperson is refused, in the contact's form and the warning's ---

    def test_salesperson_refused_in_contact_form(self):
        edits = {
            "archive": {"active": False},
            "untick blocking": {"blocking": False},
            "end yesterday": {"date_end": self._yesterday()},
            "remove quotations": {"on_sale_order": False},
            "change message": {"message": "Payé"},
        }
        for what, values in edits.items():
            with self.subTest(what):
                form = Form(self.folies.with_user(self.salesperson))
                open_tab(form, "partner_warning_ids")
                with form.partner_warning_ids.edit(0) as line:
                    for name, value in values.items():
                        setattr(line, name, value)
                with self.assertRaises(AccessError) as caught:
                    form.save()
                self.assertIn("Manage blocking warnings", str(caught.exception))
                self.assertIn("Mauvais payeur", str(caught.exception))
                self._assert_block_intact()
        with self.subTest("delete"):
            form = Form(self.folies.with_user(self.salesperson))
            open_tab(form, "partner_warning_ids")
            form.partner_warning_ids.remove(0)
            with self.assertRaises(AccessError):
                form.save()
            self._assert_block_intact()
        with self.subTest("delete the contact"), self.assertRaises(AccessError):
            self.folies.with_user(self.salesperson).unlink()
        self._assert_block_intact()

    def test_salesperson_refused_in_warning_form(self):
        edits = {
            "archive": {"active": False},
            "untick blocking": {"blocking": False},
            "end yesterday": {"date_end": self._yesterday()},
            "remove invoices": {"on_invoice": False},
        }
        for what, values in edits.items():
            with self.subTest(what):
                form = Form(self.block.with_user(self.salesperson))
                for name, value in values.items():
                    setattr(form, name, value)
                with self.assertRaises(AccessError):
                    form.save()
                self._assert_block_intact()
        for what, action in (
            ("archive", "action_archive"),
            ("delete", "unlink"),
        ):
            with self.subTest(what), self.assertRaises(AccessError):
                getattr(self.block.with_user(self.salesperson), action)()
            self._assert_block_intact()

    def test_salesperson_cannot_create_or_make_a_block(self):
        form = Form(self.folies.with_user(self.salesperson))
        open_tab(form, "partner_warning_ids")
        with form.partner_warning_ids.new() as line:
            line.message = "Ne plus livrer"
            line.blocking = True
        with self.assertRaises(AccessError) as caught:
            form.save()
        self.assertIn("untick “Blocking”", str(caught.exception))
        note = self.env["res.partner.warning"].create(
            {"partner_id": self.folies.id, "message": "Livrer le matin"}
        )
        form = Form(note.with_user(self.salesperson))
        form.blocking = True
        with self.assertRaises(AccessError):
            form.save()
        self.assertFalse(note.blocking)
        self.assertEqual(
            self.env["res.partner.warning"].search_count(
                [("partner_id", "=", self.folies.id)]
            ),
            2,
        )

    def test_salesperson_adds_and_edits_non_blocking_warnings(self):
        form = Form(self.folies.with_user(self.salesperson))
        open_tab(form, "partner_warning_ids")
        with form.partner_warning_ids.new() as line:
            line.message = "Livrer par la porte arrière"
        form.save()
        note = self.folies.partner_warning_ids.filtered(lambda w: not w.blocking)
        self.assertEqual(note.message, "Livrer par la porte arrière")
        body, author = self._last_note(self.folies)
        self.assertIn("Warning added", body)
        self.assertIn("Livrer par la porte arrière", body)
        self.assertEqual(author, self.salesperson.partner_id)
        form = Form(self.folies.with_user(self.salesperson))
        open_tab(form, "partner_warning_ids")
        with form.partner_warning_ids.edit(1) as line:
            self.assertEqual(line.message, "Livrer par la porte arrière")
            line.message = "Livrer par la porte de côté"
            line.date_end = self._yesterday()
        form.save()
        self.assertEqual(note.message, "Livrer par la porte de côté")
        body, author = self._last_note(self.folies)
        self.assertIn("Livrer par la porte arrière → Livrer par la porte de côté", body)
        self.assertIn("Until: — →", body)
        note.with_user(self.salesperson).unlink()
        self.assertIn("Warning deleted", self._last_note(self.folies)[0])
        # Writing the block's values back unchanged is no change.
        self.block.with_user(self.salesperson).write(
            {"blocking": True, "message": "Mauvais payeur"}
        )
        self._assert_block_intact()

    def test_csv_import_refused_for_salesperson(self):
        Warning = self.env["res.partner.warning"].with_user(self.salesperson)
        result = Warning.load([".id", "active"], [[str(self.block.id), "False"]])
        self.assertFalse(result["ids"])
        self.assertIn("Manage blocking warnings", result["messages"][0]["message"])
        self._assert_block_intact()
        result = Warning.load(
            ["partner_id/.id", "message", "blocking"],
            [[str(self.folies.id), "Ne plus livrer", "True"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("Manage blocking warnings", result["messages"][0]["message"])
        result = Warning.load(
            ["partner_id/.id", "message"], [[str(self.folies.id), "Appeler avant"]]
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])

    # The credit manager does each, and the contact's chatter tells it -------

    def test_credit_manager_does_each_and_chatter_tells(self):
        manager = self.credit_manager
        steps = [
            ({"date_end": self._yesterday()}, "Warning changed", "Until: — →"),
            (
                {"on_sale_order": False},
                "Warning changed",
                "Quotations / Orders: Yes → No",
            ),
            ({"blocking": False}, "Warning changed", "Blocking: Yes → No"),
            ({"blocking": True}, "Warning changed", "Blocking: No → Yes"),
            ({"active": False}, "Warning archived", "Mauvais payeur"),
            ({"active": True}, "Warning restored", "Mauvais payeur"),
        ]
        for values, title, detail in steps:
            with self.subTest(values):
                form = Form(self.folies.with_user(manager))
                open_tab(form, "partner_warning_ids")
                with form.partner_warning_ids.edit(0) as line:
                    for name, value in values.items():
                        setattr(line, name, value)
                form.save()
                body, author = self._last_note(self.folies)
                self.assertIn(title, body)
                self.assertIn(detail, body)
                self.assertEqual(author, manager.partner_id)
        form = Form(self.folies.with_user(manager))
        open_tab(form, "partner_warning_ids")
        with form.partner_warning_ids.new() as line:
            line.message = "Paiement d'avance"
            line.blocking = True
        form.save()
        body, __ = self._last_note(self.folies)
        self.assertIn("Warning added", body)
        self.assertIn("Blocking: Yes", body)
        form = Form(self.folies.with_user(manager))
        open_tab(form, "partner_warning_ids")
        form.partner_warning_ids.remove(0)
        form.partner_warning_ids.remove(0)
        form.save()
        self.assertFalse(self.block.exists())
        body, __ = self._last_note(self.folies)
        self.assertIn("Warning deleted", body)

    def test_warning_that_was_overridden_is_archived_not_deleted(self):
        overrider = new_test_user(
            self.env,
            login="crm_ext_b1_overrider",
            groups=f"sales_team.group_sale_salesman,{OVERRIDE_GROUP}",
        )
        order = (
            self.env["sale.order"]
            .with_user(overrider)
            .with_context(warning_override_reason="Payé comptant")
            .create({"partner_id": self.folies.id})
        )
        self.assertTrue(self.block.last_block_date)
        body, author = self._last_note(self.folies)
        self.assertIn("Blocking warning “Mauvais payeur” overridden by", body)
        self.assertIn(order.name, body)
        self.assertIn("Payé comptant", body)
        self.assertEqual(author, overrider.partner_id)
        with self.assertRaises(UserError) as caught:
            self.block.with_user(self.credit_manager).unlink()
        self.assertIn("Archive it", str(caught.exception))
        with self.assertRaises(UserError):
            self.folies.unlink()
        self.block.with_user(self.credit_manager).action_archive()
        self.assertFalse(self.block.active)

    # The debtor trust: Odoo's accounting rights ------------------------------

    def test_trust_follows_accounting_rights(self):
        self.assertNotIn(
            "trust", self.env["res.partner"].with_user(self.salesperson).fields_get()
        )
        with self.assertRaises(AccessError):
            self.folies.with_user(self.salesperson).write({"trust": "bad"})
        # An accountant who does not manage blocks: the proposal stays inactive,
        # and switching it on is refused.
        partner = self.customer.with_user(self.accountant)
        form = Form(partner)
        open_tab(form, "partner_warning_ids")
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.trust = "bad"
        self.assertIn("inactive blocking warning", logs.output[0])
        self.assertFalse(form.partner_warning_ids)
        form.save()
        Warning = self.env["res.partner.warning"].with_context(active_test=False)
        proposal = Warning.search([("partner_id", "=", self.customer.id)])
        self.assertTrue(proposal.blocking)
        self.assertFalse(proposal.active)
        with self.assertRaises(AccessError):
            proposal.with_user(self.accountant).action_unarchive()
        self.assertFalse(proposal.active)
        proposal.with_user(self.credit_manager).action_unarchive()
        self.assertTrue(proposal.active)
        self.assertIn("Warning restored", self._last_note(self.customer)[0])


@tagged("standard", "post_install", "-at_install")
class TestBlockingWarningRightsRpc(BlocksCase, RpcCase):
    _prefix = "crm_ext_b2"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_blocks()
        cls.product = cls.env["product.product"].create(
            {"name": "Pralines Folies", "type": "consu", "list_price": 12.0}
        )

    def test_salesperson_refused_by_xmlrpc(self):
        yesterday = fields.Date.to_string(
            fields.Date.context_today(self.block) - timedelta(days=1)
        )
        calls = {
            "archive": ("action_archive",),
            "delete": ("unlink",),
            "untick blocking": ("write", {"blocking": False}),
            "end yesterday": ("write", {"date_end": yesterday}),
            "remove quotations": ("write", {"on_sale_order": False}),
        }
        for what, (method, *args) in calls.items():
            with self.subTest(what):
                fault = self._refused(
                    self.salesperson,
                    "res.partner.warning",
                    method,
                    [self.block.id],
                    *args,
                )
                self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR)
                self.assertIn("Manage blocking warnings", fault.faultString)
                self._assert_block_intact()
        # Through the contact's lines too.
        fault = self._refused(
            self.salesperson,
            "res.partner",
            "write",
            [self.folies.id],
            {"partner_warning_ids": [(1, self.block.id, {"active": False})]},
        )
        self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR)
        self._assert_block_intact()
        # A non-blocking warning is added.
        note_id = self._rpc(
            self.salesperson,
            "res.partner.warning",
            "create",
            {"partner_id": self.folies.id, "message": "Appeler avant de livrer"},
        )
        self.assertTrue(self.env["res.partner.warning"].browse(note_id).exists())

    def _jsonrpc_refused(self, user, model, method, args):
        """Call ``model.method`` as the web client does, as ``user``: the error."""
        self.authenticate(user.login, user.login)
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": model,
                            "method": method,
                            "args": args,
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.env.invalidate_all()
        return response.json()["error"]["data"]

    def test_salesperson_refused_by_jsonrpc(self):
        for what, method, args in (
            ("archive", "action_archive", [[self.block.id]]),
            ("untick blocking", "write", [[self.block.id], {"blocking": False}]),
            ("delete", "unlink", [[self.block.id]]),
        ):
            with self.subTest(what):
                error = self._jsonrpc_refused(
                    self.salesperson, "res.partner.warning", method, args
                )
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                self.assertIn("Manage blocking warnings", error["message"])
                self._assert_block_intact()

    def test_warning_that_blocked_is_never_deleted(self):
        error = self._jsonrpc_refused(
            self.salesperson,
            "sale.order",
            "create",
            [
                {
                    "partner_id": self.folies.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            ],
        )
        self.assertIn("Mauvais payeur", error["message"])
        # The refusal rolled the request back; the fact that it blocked is kept.
        self.assertTrue(self.block.last_block_date)
        fault = self._refused(
            self.credit_manager, "res.partner.warning", "unlink", [self.block.id]
        )
        self.assertIn("Archive it", fault.faultString)
        self._assert_block_intact()
        self._rpc(
            self.credit_manager,
            "res.partner.warning",
            "write",
            [self.block.id],
            {"active": False},
        )
        self.env.invalidate_all()
        self.assertFalse(self.block.active)
