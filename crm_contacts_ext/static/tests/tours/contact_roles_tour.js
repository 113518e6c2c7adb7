import {registry} from "@web/core/registry";

// A salesperson adds a contact to a company and makes her its first purchasing
// contact (Prextra: tick "Achats", Rang 1).
registry.category("web_tour.tours").add("crm_contacts_ext_role_contact", {
    steps: () => [
        {
            content: "A person, not a company",
            trigger: ".o_field_widget[name='company_type'] input[data-value='person']",
            run: "click",
        },
        {
            content: "Attach her to the company",
            trigger: ".o_field_widget[name='parent_id'] input",
            run: "edit Cacaoyer Tour",
        },
        {
            content: "Choose the company",
            trigger: ".ui-menu-item > a:contains('Cacaoyer Tour')",
            run: "click",
        },
        {
            content: "Name the new contact",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Rose Tourbillon",
        },
        {
            content: "Open the Roles tab",
            trigger: ".o_notebook .nav-link[name='contact_roles']",
            run: "click",
        },
        {
            content: "Add a role",
            trigger:
                ".o_field_widget[name='role_line_ids'] .o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            content: "Purchasing",
            trigger:
                ".o_field_widget[name='role_line_ids'] .o_data_row " +
                ".o_field_widget[name='role_id'] input",
            run: "edit Purchasing",
        },
        {
            content: "Pick the role",
            trigger: ".ui-menu-item > a:contains('Purchasing')",
            run: "click",
        },
        {
            content: "Rank 1",
            trigger:
                ".o_field_widget[name='role_line_ids'] .o_data_row " +
                ".o_field_widget[name='rank'] input",
            run: "edit 1",
        },
        {
            content: "Save the contact",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The contact is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// Then a new quotation for the company names her as its contact.
registry.category("web_tour.tours").add("crm_contacts_ext_role_quotation", {
    steps: () => [
        {
            content: "Choose the customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit Cacaoyer Tour",
        },
        {
            content: "Pick the company",
            trigger: ".ui-menu-item > a:contains('Cacaoyer Tour')",
            run: "click",
        },
        {
            content: "Its rank-1 purchasing contact fills the Contact field",
            trigger:
                ".o_field_widget[name='partner_contact_id'] input:value(" +
                "Cacaoyer Tour, Rose Tourbillon)",
        },
        {
            content: "Save the quotation",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The quotation is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
