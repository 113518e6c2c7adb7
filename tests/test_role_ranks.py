"""Ranks of a role within a company: always 1..N, with a rank-1 holder (issue 17 #13).

The rank-1 holder given rank 2 swaps with the second one, and whoever leaves
(archived, line removed, moved to another company, deleted) leaves no gap.
"""

from odoo.tests import Form, HttpCase, get_db_name, new_test_user, tagged, users

from .common import ContactsCase, open_tab


class RanksMixin:
    def _ranking(self, role, company=None):
        """[(person, rank)] of ``role`` in ``company``, as the company's list shows."""
        lines = (
            self.env["res.partner.contact.role.line"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", (company or self.customer).id),
                    ("role_id", "=", role.id),
                ]
            )
        )
        return [(line.partner_id, line.rank) for line in lines]


@tagged("standard", "post_install", "-at_install")
class TestRoleRanks(RanksMixin, ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.env.ref("crm_contacts_ext.role_purchasing")
        cls.third = cls.env["res.partner"].create(
            {"name": "Luc Troisième", "parent_id": cls.customer.id}
        )
        # Jeanne buys at rank 1, Paul at 2, Luc at 3.
        cls.env["res.partner.contact.role.line"].create(
            [
                {"partner_id": partner.id, "role_id": cls.role.id}
                for partner in (cls.contact, cls.contact_ap, cls.third)
            ]
        )

    @users("crm_ext_salesman")
    def test_rank_one_set_to_two_in_the_form_swaps(self):
        form = Form(self.contact.with_env(self.env))
        open_tab(form, "role_line_ids")
        with form.role_line_ids.edit(0) as line:
            line.rank = 2
        form.save()
        self.assertEqual(
            self._ranking(self.role),
            [(self.contact_ap, 1), (self.contact, 2), (self.third, 3)],
        )
        # The quotation goes to the new rank 1.
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.partner_contact_id, self.contact_ap)

    @users("crm_ext_salesman")
    def test_rank_given_moves_the_others_up_or_down(self):
        """Rank 1 sent to 3 (the last): the others move up; rank 3 to 1: down."""
        line = self.contact.with_env(self.env).role_line_ids
        line.rank = 3
        self.assertEqual(
            self._ranking(self.role),
            [(self.contact_ap, 1), (self.third, 2), (self.contact, 3)],
        )
        line.rank = 1
        self.assertEqual(
            self._ranking(self.role),
            [(self.contact, 1), (self.contact_ap, 2), (self.third, 3)],
        )

    @users("crm_ext_salesman")
    def test_rank_beyond_the_last_becomes_the_last(self):
        line = self.contact.with_env(self.env).role_line_ids
        line.rank = 9
        self.assertEqual(
            self._ranking(self.role),
            [(self.contact_ap, 1), (self.third, 2), (self.contact, 3)],
        )
        newcomer = self.env["res.partner"].create(
            {"name": "Nina Nouvelle", "parent_id": self.customer.id}
        )
        self.env["res.partner.contact.role.line"].create(
            {"partner_id": newcomer.id, "role_id": self.role.id, "rank": 7}
        )
        self.assertEqual([rank for __, rank in self._ranking(self.role)], [1, 2, 3, 4])
        self.assertEqual(self._ranking(self.role)[-1], (newcomer, 4))

    def test_rank_one_archived_the_next_takes_rank_one(self):
        self.contact.with_user(self.salesman).action_archive()
        self.assertEqual(
            self._ranking(self.role),
            [(self.contact_ap, 1), (self.third, 2), (self.contact, 3)],
        )
        # Back from leave, she comes after those who hold the role meanwhile.
        self.contact.with_user(self.salesman).action_unarchive()
        self.assertEqual(
            self._ranking(self.role),
            [(self.contact_ap, 1), (self.third, 2), (self.contact, 3)],
        )

    def test_only_holder_archived_then_a_newcomer_is_rank_one(self):
        role_ap = self.env.ref("crm_contacts_ext.role_accounts_payable")
        Line = self.env["res.partner.contact.role.line"].with_user(self.salesman)
        Line.create({"partner_id": self.contact.id, "role_id": role_ap.id})
        self.contact.with_user(self.salesman).action_archive()
        Line.create({"partner_id": self.contact_ap.id, "role_id": role_ap.id})
        self.assertEqual(
            self._ranking(role_ap), [(self.contact_ap, 1), (self.contact, 2)]
        )

    @users("crm_ext_salesman")
    def test_role_removed_in_the_form_closes_up(self):
        form = Form(self.contact.with_env(self.env))
        open_tab(form, "role_line_ids")
        form.role_line_ids.remove(index=0)
        form.save()
        self.assertEqual(
            self._ranking(self.role), [(self.contact_ap, 1), (self.third, 2)]
        )
        self.contact_ap.with_env(self.env).role_line_ids.unlink()
        self.assertEqual(self._ranking(self.role), [(self.third, 1)])

    @users("crm_ext_salesman")
    def test_rank_one_moved_to_another_company_closes_up_both(self):
        other = self.env["res.partner"].create(
            {"name": "Autre Chocolaterie", "is_company": True}
        )
        local = self.env["res.partner"].create(
            {"name": "Oscar Local", "parent_id": other.id}
        )
        self.env["res.partner.contact.role.line"].create(
            {"partner_id": local.id, "role_id": self.role.id}
        )
        # As the web client saves it (its onchange only warns).
        self.contact.with_env(self.env).write({"parent_id": other.id})
        self.assertEqual(
            self._ranking(self.role), [(self.contact_ap, 1), (self.third, 2)]
        )
        self.assertEqual(
            self._ranking(self.role, other), [(local, 1), (self.contact, 2)]
        )

    def test_rank_one_deleted_closes_up(self):
        self.contact.with_user(self.salesman).unlink()
        self.assertEqual(
            self._ranking(self.role), [(self.contact_ap, 1), (self.third, 2)]
        )


@tagged("standard", "post_install", "-at_install")
class TestRoleRanksRpc(RanksMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_rank_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Cacao RPC", "is_company": True})
        cls.first, cls.second = Partner.create(
            [
                {"name": "Rita Première", "parent_id": cls.customer.id},
                {"name": "Sam Second", "parent_id": cls.customer.id},
            ]
        )
        cls.role = cls.env.ref("crm_contacts_ext.role_purchasing")
        cls.line = cls.env["res.partner.contact.role.line"].create(
            {"partner_id": cls.first.id, "role_id": cls.role.id}
        )
        cls.env["res.partner.contact.role.line"].create(
            {"partner_id": cls.second.id, "role_id": cls.role.id}
        )

    def test_rank_one_set_to_two_by_xmlrpc_swaps(self):
        db, login = get_db_name(), self.salesman.login
        uid = self.xmlrpc_common.authenticate(db, login, login, {})
        self.xmlrpc_object.execute_kw(
            db,
            uid,
            login,
            "res.partner",
            "write",
            [[self.first.id], {"role_line_ids": [(1, self.line.id, {"rank": 2})]}],
        )
        self.env.invalidate_all()
        self.assertEqual(self._ranking(self.role), [(self.second, 1), (self.first, 2)])
