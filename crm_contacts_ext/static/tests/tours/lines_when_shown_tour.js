import {registry} from "@web/core/registry";

// A salesperson opens a card: the lists of its tabs appear when she opens the
// tab, stay right after she adds a line and saves.
registry.category("web_tour.tours").add("crm_contacts_ext_lines_when_shown", {
    steps: () => [
        {
            content: "Jeanne's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Jeanne Onglet)",
        },
        {
            content: "Open the Roles tab",
            trigger: ".o_notebook .nav-link[name='contact_roles']",
            run: "click",
        },
        {
            content: "Her purchasing role is listed",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids'] " +
                ".o_data_row:contains(Purchasing)",
        },
        {
            content: "Add a role",
            trigger:
                ".o_field_widget[name='role_line_ids'] .o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            content: "Accounts payable",
            trigger:
                ".o_field_widget[name='role_line_ids'] .o_data_row.o_selected_row " +
                ".o_field_widget[name='role_id'] input",
            run: "edit Accounts Payable",
        },
        {
            content: "Pick the role",
            trigger: ".ui-menu-item > a:contains('Accounts Payable')",
            run: "click",
        },
        {
            content: "Save the card",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The card is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Both roles are listed after the save",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids'] " +
                ".o_data_row:contains(Accounts Payable)",
            run() {
                const rows = document.querySelectorAll(
                    ".o_field_widget[name='role_line_ids'] .o_data_row"
                );
                if (rows.length !== 2) {
                    throw new Error(`2 roles expected, ${rows.length} listed`);
                }
            },
        },
        {
            content: "Open the internal notes",
            trigger: ".o_notebook .nav-link[name='internal_notes']",
            run: "click",
        },
        {
            content: "Her warning is listed",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='partner_warning_ids'] " +
                ".o_data_row:contains(Appeler avant de livrer)",
        },
        {
            content: "Open the personal data",
            trigger: ".o_notebook .nav-link[name='consent_mailing']",
            run: "click",
        },
        {
            content: "Her consent is in the history",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='consent_ids'] " +
                ".o_data_row:contains(Granted)",
        },
    ],
});

// From the list of contacts: the next card's roles, not the previous one's; an
// added role discarded leaves the saved ones.
registry.category("web_tour.tours").add("crm_contacts_ext_lines_when_shown_pager", {
    steps: () => [
        {
            content: "Search the Onglet contacts",
            trigger: ".o_searchview_input",
            run: "edit Onglet",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open Jeanne's card",
            trigger: ".o_data_row .o_data_cell:contains(Jeanne Onglet)",
            run: "click",
        },
        {
            content: "Open the Roles tab",
            trigger: ".o_notebook .nav-link[name='contact_roles']",
            run: "click",
        },
        {
            content: "Jeanne's purchasing role",
            trigger:
                ".o_field_widget[name='role_line_ids'] .o_data_row:contains(Purchasing)",
        },
        {
            content: "Next card",
            trigger: ".o_pager_next",
            run: "click",
        },
        {
            content: "Paul's card",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Paul Onglet)",
        },
        {
            content: "Paul's role only: accounts payable",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids'] " +
                ".o_data_row:contains(Accounts Payable)",
            run() {
                const rows = [
                    ...document.querySelectorAll(
                        ".o_field_widget[name='role_line_ids'] .o_data_row"
                    ),
                ].map((row) => row.textContent);
                if (rows.length !== 1 || rows[0].includes("Purchasing")) {
                    throw new Error(`Paul's roles expected, listed: ${rows}`);
                }
            },
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
                ".o_field_widget[name='role_line_ids'] .o_data_row.o_selected_row " +
                ".o_field_widget[name='role_id'] input",
            run: "edit Purchasing",
        },
        {
            content: "Pick the role",
            trigger: ".ui-menu-item > a:contains('Purchasing')",
            run: "click",
        },
        {
            content: "Discard",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "Back to Paul's saved role",
            trigger: ".o_form_view .o_form_saved",
            run() {
                const rows = document.querySelectorAll(
                    ".o_field_widget[name='role_line_ids'] .o_data_row"
                );
                if (rows.length !== 1) {
                    throw new Error(`1 role expected after discarding, ${rows.length}`);
                }
            },
        },
        {
            content: "Previous card",
            trigger: ".o_pager_previous",
            run: "click",
        },
        {
            content: "Jeanne's role again",
            trigger:
                ".o_form_view .o_field_widget[name='name'] input:value(Jeanne Onglet)",
        },
        {
            content: "Jeanne's purchasing role, once",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids'] " +
                ".o_data_row:contains(Purchasing)",
            run() {
                const rows = document.querySelectorAll(
                    ".o_field_widget[name='role_line_ids'] .o_data_row"
                );
                if (rows.length !== 1) {
                    throw new Error(`1 role expected, ${rows.length} listed`);
                }
            },
        },
    ],
});
