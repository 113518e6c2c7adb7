"""The contact card's notebook follows the order of the source ERPs (issue 8)."""

from lxml import etree

from odoo.tests import tagged, users

from .common import ContactsCase

ORDER = [
    "contact_addresses",
    "contact_card",
    "internal_notes",
    "sales_purchases",
    "contact_roles",
    "company_contact_roles",
    "consent_mailing",
    "accounting",
    "accounting_disabled",
    "contact_marketing",
    "geo_location",
]


@tagged("standard", "post_install", "-at_install")
class TestCardLayout(ContactsCase):
    def _card(self):
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]
        return etree.fromstring(arch["arch"])

    def _pages(self, root):
        return [
            page.get("name")
            for page in root.xpath("//sheet//notebook[not(ancestor::field)]/page")
        ]

    def _buttons(self, root):
        return {b.get("name") for b in root.xpath("//div[@name='button_box']/button")}

    @users("crm_ext_accountant")
    def test_accountant_sees_pages_in_source_order(self):
        pages = self._pages(self._card())
        self.assertEqual(pages, ORDER, "one notebook, in the source ERPs' order")

    @users("crm_ext_salesman")
    def test_salesman_sees_pages_in_order_without_accounting(self):
        root = self._card()
        self.assertEqual(
            self._pages(root),
            [name for name in ORDER if not name.startswith("accounting")],
        )
        self.assertLessEqual(
            {
                "action_view_partner_notes",
                "action_view_partner_activities",
                "action_view_opportunity",
                "action_view_sales_occasions",
                "action_view_sale_order",
            },
            self._buttons(root),
            "the working lists are one click away for a salesperson",
        )

    @users("crm_ext_accountant")
    def test_accountant_has_no_sales_buttons(self):
        buttons = self._buttons(self._card())
        self.assertIn("action_view_partner_notes", buttons)
        self.assertIn("action_view_partner_activities", buttons)
        self.assertNotIn("action_view_sales_occasions", buttons)
        self.assertNotIn("action_view_opportunity", buttons)

    def test_person_and_company_pages(self):
        root = self._card()
        roles = root.xpath("//page[@name='contact_roles']")[0]
        company_roles = root.xpath("//page[@name='company_contact_roles']")[0]
        self.assertEqual(roles.get("invisible"), "is_company")
        self.assertIn("not is_company", company_roles.get("invisible"))

    @users("crm_ext_salesman")
    def test_consent_dates_without_seconds(self):
        """A consent's date reads as a date and a time to the minute, not to the
        second (issue 20 #14), on the card and in the consent history."""
        card = self._card()
        history = etree.fromstring(
            self.env["res.partner.consent"].get_views([(False, "list")])["views"][
                "list"
            ]["arch"]
        )
        dates = card.xpath("//field[@name='consent_date']") + history.xpath(
            "//field[@name='date']"
        )
        self.assertTrue(dates)
        for node in dates:
            self.assertIn("'show_seconds': False", node.get("options", ""))
