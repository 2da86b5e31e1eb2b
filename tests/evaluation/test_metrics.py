from auditor.evaluation.metrics import prf, roc_auc, spearman


def test_prf():
    m = prf(8, 2, 8)
    assert (m["precision"], m["recall"]) == (0.8, 0.5)
    assert m["f1"] == round(2 * 0.8 * 0.5 / 1.3, 4)
    assert prf(0, 0, 3)["precision"] is None


def test_roc_auc_with_ties():
    assert roc_auc([0.9, 0.8, 0.2, 0.1], [True, True, False, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
    assert roc_auc([1, 2], [True, True]) is None


def test_spearman():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert spearman([1, 1], [1, 2]) is None
