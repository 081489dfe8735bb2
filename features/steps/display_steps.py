"""Block O Display messages: the CSMS asked to set, get or clear display messages, the station's
NotifyDisplayMessages, and checks of the CSMS's requests and of the messages it lists."""
from behave import given, then, when

from support.station import display
from support.scenario.words import field_rows


def _ask(context, description, action, payload):
    context.session.trigger(description, "call", context.settings.station_id, action, payload)


# ---------------------------------------------------------------------- the CSMS is asked

@when("the CSMS is asked to set a display message with")
def step_set_display_message(context):
    """Make the CSMS send SetDisplayMessageRequest. Table | field | value |: id, priority, state,
    format, content, language, startDateTime and endDateTime ("now", "in the future" =
    DISPLAY_MESSAGE_DELAY seconds ahead, or a date-time), transactionId ("current" = the station's
    ongoing transaction, "unknown" = one nobody knows). Defaults: a new id, NormalCycle, UTF8.

    Example:
        When the CSMS is asked to set a display message with
          | field    | value       |
          | id       | 1           |
          | priority | AlwaysFront |
          | state    | Charging    |
    """
    payload = display.set_display_message_request(context.session, field_rows(context.table))
    _ask(context, f"make the CSMS set display message {payload['message']['id']}", "SetDisplayMessage", payload)


@given("the CSMS has set a display message with")
def step_display_message_set(context):
    """Memory state "a display message is configured": the CSMS sends SetDisplayMessage with these
    fields (as in "the CSMS is asked to set a display message with") and the station accepts it.

    Example:
        Given the CSMS has set a display message with
          | field | value |
          | id    | 1     |
    """
    display.set_on_station(context.session, field_rows(context.table))


@when("the CSMS is asked to get the display messages of the test station")
def step_get_display_messages(context):
    """Make the CSMS send GetDisplayMessagesRequest for all messages (a new requestId, no filter).

    Example: When the CSMS is asked to get the display messages of the test station
    """
    payload = display.get_display_messages_request(context.session)
    _ask(context, "make the CSMS get all display messages", "GetDisplayMessages", payload)


@when("the CSMS is asked for the test station's display messages that match")
def step_get_display_messages_with(context):
    """Make the CSMS send GetDisplayMessagesRequest with filters. Table | field | value |: id (a list
    such as 1, 2), priority, state.

    Example:
        When the CSMS is asked for the test station's display messages that match
          | field    | value       |
          | priority | AlwaysFront |
    """
    payload = display.get_display_messages_request(context.session, field_rows(context.table))
    _ask(context, "make the CSMS get display messages", "GetDisplayMessages", payload)


@when("the CSMS is asked to clear display message {message_id:d} on the test station")
def step_clear_display_message(context, message_id):
    """Make the CSMS send ClearDisplayMessageRequest for a message id.

    Example: When the CSMS is asked to clear display message 1 on the test station
    """
    _ask(context, f"make the CSMS clear display message {message_id}", "ClearDisplayMessage", {"id": message_id})


# ---------------------------------------------------------------------- the station reports

@when("the test station sends NotifyDisplayMessages for the request of the CSMS")
@when("the test station sends NotifyDisplayMessages for the request of the CSMS in {pages:d} pages")
def step_notify_display_messages(context, pages=1):
    """Answer the CSMS's last GetDisplayMessages with NotifyDisplayMessages holding the station's
    messages that match it, in one message (tbc false) or split over N (tbc true on all but the
    last); the CSMS must answer each.

    Example: When the test station sends NotifyDisplayMessages for the request of the CSMS in 2 pages
    """
    display.notify_display_messages(context.session, pages=pages)


# ---------------------------------------------------------------------- checks of the CSMS's request

@then("the CSMS's display message starts at the time it was asked for")
def step_start_as_asked(context):
    """message.startDateTime of the CSMS's last SetDisplayMessage is the configured start time.

    Example: Then the CSMS's display message starts at the time it was asked for
    """
    display.check_as_asked(context.session, "startDateTime", "the start time")


@then("the end time of the CSMS's display message is the one it was asked for")
def step_end_as_asked(context):
    """message.endDateTime of the CSMS's last SetDisplayMessage is the configured end time.

    Example: Then the end time of the CSMS's display message is the one it was asked for
    """
    display.check_as_asked(context.session, "endDateTime", "the end time")


@then("the CSMS's display message is for the transaction it was asked for")
def step_transaction_as_asked(context):
    """message.transactionId of the CSMS's last SetDisplayMessage is the transaction it was asked for
    (for "current": the transactionId the station gave in its TransactionEvents).

    Example: Then the CSMS's display message is for the transaction it was asked for
    """
    display.check_as_asked(context.session, "transactionId", "the transaction")


# ---------------------------------------------------------------------- what the CSMS lists

@then("the CSMS lists display message {message_id:d} for the test station")
def step_listed(context, message_id):
    """The CSMS's list of the station's display messages has this id (trigger API
    display-message-record; without one, a manual check).

    Example: Then the CSMS lists display message 1 for the test station
    """
    display.check_listed(context.session, message_id)


@then("the CSMS's display message {message_id:d} of the test station has")
def step_listed_with(context, message_id):
    """As above, and the listed message has these fields (| field | value |, paths of MessageInfo such
    as priority, state, message.content, transactionId; `(absent)` allowed).

    Example:
        Then the CSMS's display message 1 of the test station has
          | field    | value       |
          | priority | AlwaysFront |
    """
    display.check_listed(context.session, message_id, field_rows(context.table))


@then("display message {message_id:d} is not among the CSMS's display messages of the test station")
def step_not_listed(context, message_id):
    """The CSMS does not list this display message for the station (refused, cleared, over).

    Example: Then display message 1 is not among the CSMS's display messages of the test station
    """
    display.check_not_listed(context.session, message_id)


@then("after its end time display message {message_id:d} is not among the CSMS's display messages of the test station")
def step_not_listed_after_end(context, message_id):
    """Wait until the endDateTime the CSMS gave the message has passed, then the CSMS must no longer
    list it (O01.FR.05).

    Example: Then after its end time display message 1 is not among the CSMS's display messages of the test station
    """
    display.check_not_listed_after_end(context.session, message_id)


@then("the CSMS records the display messages the test station reported")
def step_report_recorded(context):
    """The CSMS put the station's NotifyDisplayMessages pages for its last GetDisplayMessages together
    and lists the messages they held.

    Example: Then the CSMS records the display messages the test station reported
    """
    display.check_report_recorded(context.session)
