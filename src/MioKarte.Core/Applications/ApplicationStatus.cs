namespace MioKarte.Core.Applications;

/// <summary>Where a participation application stands (the applicant's status page shows these).</summary>
public enum ApplicationStatus
{
    Received,          // 受付
    AwaitingDocuments, // 書類到着待ち: the sealed originals are on their way by post
    UnderReview,       // 審査中
    Returned,          // 差戻し: the council asked for corrections
    Approved,          // 承認
    Registered,        // 登録完了
    Rejected,          // 却下
}

