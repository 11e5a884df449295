"""TimeActivity and Attachable metadata over raw HTTP, and the unmodelled upload endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import Api, fault_of


@pytest.fixture
def employee(api: Api) -> str:
    return str(api.create("Employee", {"GivenName": "Ann", "FamilyName": "Lee"})["Id"])


def time_body(employee: str, **extra: Any) -> dict[str, Any]:
    return {"NameOf": "Employee", "EmployeeRef": {"value": employee}, "TxnDate": "2026-05-04",
            "Hours": 2, "Minutes": 15, **extra}


def test_time_activity_durations(api: Api, employee: str, customer: dict[str, Any]) -> None:
    made = api.create("TimeActivity", time_body(employee, CustomerRef={"value": customer["Id"]},
                                                BillableStatus="Billable", HourlyRate="150.5"))
    assert (made["Hours"], made["Minutes"], made["BillableStatus"]) == (2, 15, "Billable")
    assert made["EmployeeRef"]["name"] == "Ann Lee"
    spanned = api.create("TimeActivity", time_body(
        employee, Hours=None, Minutes=None, StartTime="2026-05-04T09:00:00-07:00",
        EndTime="2026-05-04T12:40:00-07:00", BreakMinutes=10))
    assert (spanned["Hours"], spanned["Minutes"]) == (3, 30)
    clerk = api.create("Vendor", {"DisplayName": "Contract Paralegal"})["Id"]
    by_vendor = api.create("TimeActivity", {"NameOf": "Vendor", "VendorRef": {"value": clerk},
                                            "Minutes": 45})
    assert by_vendor["VendorRef"]["name"] == "Contract Paralegal"
    status, payload = api.query(f"select * from TimeActivity where CustomerRef = "
                                f"'{customer['Id']}'")
    assert status == 200
    assert [t["Id"] for t in payload["QueryResponse"]["TimeActivity"]] == [made["Id"]]


def test_time_activity_rules(api: Api, employee: str) -> None:
    cases = [
        ({**time_body(employee), "NameOf": None}, "2020", "NameOf"),
        ({**time_body(employee), "NameOf": "Robot"}, "2170", "NameOf"),
        ({**time_body(employee), "EmployeeRef": None}, "2020", "EmployeeRef"),
        ({**time_body(employee), "NameOf": "Vendor"}, "2020", "VendorRef"),
        (time_body(employee, Hours=None, Minutes=None), "2020", "Hours"),
        (time_body(employee, Minutes=75), "6000", "Minutes"),
        (time_body(employee, BillableStatus="Billable"), "6000", "CustomerRef"),
        (time_body(employee, StartTime="2026-05-04T12:00:00", EndTime="2026-05-04T11:00:00"),
         "6000", "EndTime"),
        (time_body(employee, StartTime="2026-05-04T09:00:00-07:00",
                   EndTime="2026-05-04T11:00:00"), "6000", "StartTime"),
        (time_body(employee, Hours="1.5"), "6000", "Hours"),
    ]
    for body, code, element in cases:
        status, payload = api.post("timeactivity", body)
        error = fault_of(payload)
        assert (status, error["code"], error["element"]) == (400, code, element), body


def test_time_activity_update_and_delete(api: Api, employee: str) -> None:
    made = api.create("TimeActivity", time_body(employee))
    status, payload = api.post("timeactivity", {"Id": made["Id"], "SyncToken": "0",
                                                "sparse": True, "Description": "drafting"})
    assert status == 200 and payload["TimeActivity"]["Hours"] == 2
    status, payload = api.post("timeactivity", {"Id": made["Id"], "SyncToken": "0"},
                               operation="delete")
    assert (status, fault_of(payload)["code"]) == (400, "5010")
    status, _ = api.post("timeactivity", {"Id": made["Id"], "SyncToken": "1"},
                         operation="delete")
    assert status == 200
    assert api.query("select count(*) from TimeActivity")[1]["QueryResponse"]["totalCount"] == 0


def test_attachable_metadata(api: Api, customer: dict[str, Any]) -> None:
    note = api.create("Attachable", {"Note": "Engagement letter signed", "AttachableRef": [
        {"EntityRef": {"type": "Customer", "value": customer["Id"]}}]})
    assert note["AttachableRef"] == [{"IncludeOnSend": False, "EntityRef": {
        "type": "Customer", "value": customer["Id"]}}]
    assert "FileAccessUri" not in note
    cases = [
        ({"AttachableRef": []}, "2020"),
        ({"Note": "x", "AttachableRef": [{"EntityRef": {"type": "Customer", "value": "999"}}]},
         "2500"),
        ({"Note": "x", "AttachableRef": [{"EntityRef": {"type": "Spaceship", "value": "1"}}]},
         "2500"),
        ({"Note": "x" * 2001}, "2050"),
    ]
    for body, code in cases:
        status, payload = api.post("attachable", body)
        assert (status, fault_of(payload)["code"]) == (400, code), body
    status, payload = api.post("attachable", {"Id": note["Id"], "SyncToken": "0",
                                              "sparse": True, "Note": "Letter countersigned"})
    assert status == 200 and payload["Attachable"]["Note"] == "Letter countersigned"
    status, _ = api.post("attachable", {"Id": note["Id"], "SyncToken": "1"}, operation="delete")
    assert status == 200 and api.get(f"attachable/{note['Id']}")[1]["Fault"]


def test_file_upload_and_download_answer_unsupported(api: Api) -> None:
    upload = api.client.post(f"{api.base}/upload", headers=api.headers,
                             files={"file_content_01": ("a.pdf", b"%PDF", "application/pdf")})
    assert upload.status_code == 400 and fault_of(upload.json())["code"] == "500"
    status, payload = api.get("download/1")
    assert (status, fault_of(payload)["code"]) == (400, "500")
