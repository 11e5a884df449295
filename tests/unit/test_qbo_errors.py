"""QBO's three error shapes, read from real recorded bodies, become the right classes."""

import json

import pytest

from conformance_files import cassette, xml_body
from lawbooks.engine.errors import FatalError, RetriableError, SkippableError
from lawbooks.targets.qbo.errors import (
    QboAuthError,
    QboDuplicateDocNumber,
    QboDuplicateName,
    QboServerError,
    QboStaleObject,
    QboThrottled,
    QboValidationError,
    error_from_response,
    parse_faults,
)


def recorded(name: str) -> tuple[int, str]:
    response = cassette(name)[-1]["response"]
    return response["status"]["code"], response["body"]["string"]


def test_the_lowercase_401_fault_is_fatal_and_says_reconnect():
    status, body = recorded("error/401")
    error = error_from_response(status, body, "1-5f73")
    assert isinstance(error, QboAuthError) and isinstance(error, FatalError)
    assert error.code == "3200" and error.intuit_tid == "1-5f73"
    assert "Reconnect QuickBooks" in error.action
    assert "Token expired" in error.detail


def test_the_xml_429_body_is_retriable_after_sixty_seconds():
    error = error_from_response(429, xml_body("too_many_requests_error"))
    assert isinstance(error, QboThrottled) and isinstance(error, RetriableError)
    assert error.code == "3001" and error.retry_after == 60.0


def test_duplicate_name_from_the_recorded_6240_is_skippable():
    status, body = recorded("error/validation")
    error = error_from_response(status, body)
    assert isinstance(error, QboDuplicateName) and isinstance(error, SkippableError)
    assert "already has a customer, vendor or employee with this name" in error.reason


def test_a_query_error_is_a_validation_error_with_its_detail():
    status, body = recorded("error/400")
    error = error_from_response(status, body)
    assert type(error) is QboValidationError and error.code == "4001"
    assert "QueryValidationError" in error.detail


def test_6140_names_the_document_that_holds_the_number():
    body = ('{"Fault":{"Error":[{"Message":"Duplicate Document Number Error","Detail":'
            '"Duplicate Document Number Error : You must specify a different number. This number '
            'has already been used. DocNumber=1043 is assigned to TxnType=Invoice with '
            'TxnId=266","code":"6140","element":""}],"type":"ValidationFault"},"time":"x"}')
    error = error_from_response(400, body)
    assert isinstance(error, QboDuplicateDocNumber)
    assert error.existing == ("Invoice", "266")


@pytest.mark.parametrize(("status", "code", "cls"), [
    (400, "5010", QboStaleObject), (500, "", QboServerError), (503, "", QboServerError),
    (400, "10000", QboServerError), (400, "6000", QboValidationError)])
def test_status_and_code_pick_the_class(status, code, cls):
    fault = {"Fault": {"Error": [{"Message": "m", "Detail": "d", "code": code}],
                       "type": "ValidationFault"}}
    body = json.dumps(fault) if code else "<html>bad gateway</html>"
    assert type(error_from_response(status, body)) is cls


def test_every_error_of_a_multi_error_xml_fault_is_read():
    faults = parse_faults(400, xml_body("fault"))
    assert [(f.code, f.element) for f in faults] == [("2050", "firstname"),
                                                     ("2080", "postalcode")]
