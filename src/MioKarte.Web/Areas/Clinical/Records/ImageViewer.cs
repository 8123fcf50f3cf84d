using MioKarte.Core.Hosting;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>One picture in the viewer, with its study's other pictures for previous/next.</summary>
public sealed record ImageViewerPage(
    string RecordPath, RecordItem Study, string ContentId, int Position, IReadOnlyList<string> Pictures, string BackUrl)
{
    public string? Previous => Position > 0 ? Pictures[Position - 1] : null;

    public string? Next => Position < Pictures.Count - 1 ? Pictures[Position + 1] : null;
}

/// <summary>Finds a picture in this patient's record (else not found) and its place in its study.</summary>
public sealed class ImageViewerHandler : IUseCaseHandler
{
    public ImageViewerPage? Handle(PatientRecordContext context, string contentId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RecordIds.IsWellFormed(contentId) || context.Index.FindContent(contentId) is not { } content
            || context.Index.Find(content.ItemId) is not { Record: ImageStudy study } item)
        {
            return null;
        }

        var pictures = study.Pictures.Select(p => p.Id).ToList();
        return new ImageViewerPage(RecordPaths.Of(context), item, contentId, pictures.IndexOf(contentId), pictures, "");
    }
}
