import {registry} from "@web/core/registry";
import {clickStatButton} from "@crm_contacts_ext/../tests/tours/utils/stat_button";

registry.category("web_tour.tours").add("crm_contacts_ext_note_reminder", {
    steps: () => [
        {
            content: "Laura Secord's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Laura Secord)",
        },
        ...clickStatButton("action_view_partner_notes", "Open her notes"),
        {
            content: "Write a new note",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Rappeler pour le catalogue",
        },
        {
            content: "Reminder date",
            trigger: ".o_field_widget[name='reminder_date'] input",
            run: "edit 01/15/2031",
        },
        {
            content: "Close the date picker",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "click",
        },
        {
            content: "Save the note",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The note is saved with its reminder to-do",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name='activity_id']",
        },
        {
            content: "Back to Laura Secord's card",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Laura Secord)",
            run: "click",
        },
        ...clickStatButton("action_view_partner_activities", "Open her to-dos and appointments"),
        {
            content: "The reminder is listed as an open to-do",
            trigger:
                ".o_list_view .o_data_row:contains(Rappeler pour le catalogue):contains(To-do)",
        },
    ],
});
