"""Personal addresses: private data only the "Personal data" group sees."""

import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestPersonalAddress(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(
            cls.env,
            login="crm_ext_personal_member",
            name="Nadia Confidente",
            groups="sales_team.group_sale_salesman,base.group_partner_manager,"
            "crm_contacts_ext.group_personal_data",
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="crm_ext_portal",
            name="Jeanne Portail",
            groups="base.group_portal",
        )
        # The portal user belongs to the customer: Odoo's portal rule opens the
        # whole commercial entity to her, personal addresses included.
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.home = cls.env["res.partner"].create(
            {
                "name": "Jeanne Achat (domicile)",
                "parent_id": cls.contact.id,
                "type": "personal",
                "street": "3 rue Privée",
                "city": "Lévis",
            }
        )
        cls.delivery = cls.env["res.partner"].create(
            {"name": "Chantier Lévis", "parent_id": cls.contact.id, "type": "delivery"}
        )

    @users("crm_ext_salesman")
    def test_outsider_cannot_read_personal_address(self):
        home = self.home.with_env(self.env)
        with self.assertRaises(AccessError):
            home.read(["street"])
        with self.assertRaises(AccessError):
            home.web_read({"street": {}, "phone": {}})

    @users("crm_ext_salesman", "crm_ext_accountant")
    def test_outsider_does_not_see_personal_address_in_lists(self):
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("type", "=", "personal")]))
        found = Partner.search([("name", "ilike", "Jeanne Achat")])
        self.assertIn(self.contact, found)
        self.assertNotIn(self.home.id, found.ids)
        self.assertFalse(Partner.search_count([("street", "=", "3 rue Privée")]))
        self.assertNotIn(self.home.id, [r[0] for r in Partner.name_search("domicile")])

    @users("crm_ext_salesman")
    def test_outsider_reads_the_main_contact_without_its_personal_address(self):
        contact = self.contact.with_env(self.env)
        # The main contact still opens: its address list just lacks the personal one.
        data = contact.web_read(
            {
                "display_name": {},
                "commercial_partner_id": {"fields": {"display_name": {}}},
                "child_ids": {"fields": {"display_name": {}, "type": {}}},
            }
        )[0]
        self.assertEqual([c["id"] for c in data["child_ids"]], [self.delivery.id])
        company = self.customer.with_env(self.env)
        self.assertEqual(company.commercial_partner_id, company)
        self.assertTrue(company.display_name)
        form = Form(contact)
        self.assertEqual(len(form.child_ids), 1)

    @users("crm_ext_salesman")
    def test_outsider_cannot_create_personal_address(self):
        Partner = self.env["res.partner"]
        with self.assertRaises(AccessError):
            Partner.create(
                {"name": "Domicile", "parent_id": self.contact.id, "type": "personal"}
            )
        with self.assertRaises(AccessError):
            self.delivery.with_env(self.env).type = "personal"
        self.assertEqual(self.delivery.type, "delivery")

    @users("crm_ext_salesman")
    def test_outsider_edit_still_syncs_hidden_personal_address(self):
        Partner = self.env["res.partner"].sudo()
        person = Partner.create({"name": "Paul Particulier"})
        home = Partner.create(
            {"name": "Chez Paul", "parent_id": person.id, "type": "personal"}
        )
        person.with_env(self.env).vat = "CA123456789"
        self.assertEqual(home.vat, "CA123456789")

    @users("crm_ext_personal_member")
    def test_member_sees_and_reads_personal_address(self):
        Partner = self.env["res.partner"]
        personal = Partner.search(
            [("type", "=", "personal"), ("parent_id", "=", self.contact.id)]
        )
        self.assertEqual(personal, self.home)
        # The demo personal address is visible to members too.
        laura_home = self.env.ref("crm_contacts_ext.partner_laura_secord_home")
        self.assertIn(laura_home, Partner.search([("type", "=", "personal")]))
        home = self.home.with_env(self.env)
        self.assertEqual(home.read(["street"])[0]["street"], "3 rue Privée")
        self.assertIn(home, self.contact.with_env(self.env).child_ids)
        # Listed under its main contact, whose name prefixes it.
        self.assertEqual(
            home.display_name, "Chocolaterie Test, Jeanne Achat (domicile)"
        )
        self.assertEqual(home.parent_id, self.contact)

    @users("crm_ext_personal_member")
    def test_member_creates_personal_address_from_the_card(self):
        form = Form(self.contact.with_env(self.env))
        with form.child_ids.new() as line:
            line.type = "personal"
            line.name = "Résidence secondaire"
            line.street = "1 chemin du Lac"
        form.save()
        home = self.contact.child_ids.filtered(lambda p: p.type == "personal")
        self.assertEqual(home.mapped("street"), ["3 rue Privée", "1 chemin du Lac"])
        # Its own address is kept, not overwritten by the contact's.
        self.assertNotEqual(home[1].street, self.contact.street)

    @users("crm_ext_portal")
    def test_portal_user_cannot_read_personal_address(self):
        Partner = self.env["res.partner"]
        # The portal rule lets her see her company's addresses...
        self.assertIn(self.delivery.id, Partner.search([]).ids)
        # ...but not the personal ones.
        self.assertNotIn(self.home.id, Partner.search([]).ids)
        with self.assertRaises(AccessError):
            self.home.with_env(self.env).read(["street"])

    def test_nameless_personal_address_is_named_after_its_type(self):
        home = self.env["res.partner"].create(
            {"parent_id": self.contact.id, "type": "personal", "city": "Lévis"}
        )
        self.assertEqual(home.display_name, "Chocolaterie Test, Personal Address")

    @users("crm_ext_personal_member")
    def test_list_shows_the_main_contact_of_each_address(self):
        Partner = self.env["res.partner"]
        arch = Partner.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="parent_id"', arch)
        self.assertIn("Main Contact", arch)
        rows = Partner.search([("parent_id", "=", self.contact.id)]).read(
            ["parent_id", "type"]
        )
        self.assertEqual(
            sorted((row["type"], row["parent_id"][0]) for row in rows),
            [("delivery", self.contact.id), ("personal", self.contact.id)],
        )


@tagged("standard", "post_install", "-at_install")
class TestPersonalAddressRpc(HttpCase):
    """The rule holds over the wire, not only in the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env,
            login="crm_ext_rpc_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.member = new_test_user(
            cls.env,
            login="crm_ext_rpc_member",
            groups="sales_team.group_sale_salesman,base.group_partner_manager,"
            "crm_contacts_ext.group_personal_data",
        )
        cls.home = cls.env.ref("crm_contacts_ext.partner_laura_secord_home")

    def _rpc(self, user, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, "res.partner", method, args, kwargs
        )

    def test_outsider_gets_access_error_by_xmlrpc(self):
        with (
            self.assertLogs("odoo.http", "WARNING"),
            self.assertRaises(xmlrpc.client.Fault) as error,
        ):
            self._rpc(self.outsider, "read", [self.home.id], fields=["street"])
        # Odoo's XML-RPC fault code for an AccessError.
        self.assertEqual(error.exception.faultCode, 4)
        self.assertIn("doesn't have 'read' access", error.exception.faultString)
        found = self._rpc(self.outsider, "search", [("type", "=", "personal")])
        self.assertEqual(found, [])

    def test_member_reads_by_xmlrpc(self):
        data = self._rpc(self.member, "read", [self.home.id], fields=["street"])
        self.assertEqual(data[0]["street"], "88 rue des Érables")
