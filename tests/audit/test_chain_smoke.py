from zhongshu.audit.services import audit_record, audit_verify


def test_a_fresh_chain_verifies(clerk, organ_a):
    audit_record(actor=clerk, action="login", organ=organ_a)
    audit_record(actor=clerk, action="view", obj=organ_a, organ=organ_a, extra={"a": 1})
    report = audit_verify()
    assert report.ok is True
    assert report.checked == 2
