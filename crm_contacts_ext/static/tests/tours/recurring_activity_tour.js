import {registry} from "@web/core/registry";

const {DateTime} = luxon;

registry.category("web_tour.tours").add("crm_contacts_ext_recurring_activity", {
    steps: () => [
        {
            content: "The contact's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Jeanne Hebdo)",
        },
        {
            content: "Schedule an activity from the chatter",
            trigger: ".o-mail-Chatter-topbar button:contains(Activities)",
            run: "click",
        },
        {
            content: "Summary of the to-do",
            trigger: ".modal div[name='summary'] input",
            run: "edit Relance hebdomadaire",
        },
        {
            content: "Schedule it",
            trigger: ".modal-footer button:contains(Schedule)",
            run: "click",
        },
        {
            content: "Edit the scheduled activity to make it recurring",
            trigger:
                ".o-mail-Activity:contains(Relance hebdomadaire) .o-mail-Activity-edit",
            run: "click",
        },
        {
            content: "Due today",
            trigger: ".modal .o_field_widget[name='date_deadline'] input",
            run: `edit ${DateTime.now().toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "Close the date picker",
            trigger: ".modal div[name='summary'] input",
            run: "click",
        },
        {
            content: "Every week",
            trigger: ".modal .o_field_widget[name='recurrence_type'] select",
            run: 'select "weekly"',
        },
        {
            content: "The interval appears once the activity recurs",
            trigger: ".modal .o_field_widget[name='recurrence_interval'] input",
        },
        {
            content: "Save the activity",
            trigger: ".modal-footer button:contains(Save)",
            run: "click",
        },
        {
            content: "It is due today",
            trigger: ".o-mail-Activity:contains(Relance hebdomadaire):contains(Today:)",
        },
        {
            content: "Mark it done",
            trigger:
                ".o-mail-Activity:contains(Relance hebdomadaire) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Confirm done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "The done activity is logged in the chatter",
            trigger: ".o-mail-Message:contains(Relance hebdomadaire)",
        },
        {
            content: "The next occurrence is planned one week later",
            trigger:
                ".o-mail-Activity:contains(Relance hebdomadaire):contains(Due in 7 days)",
        },
    ],
});
