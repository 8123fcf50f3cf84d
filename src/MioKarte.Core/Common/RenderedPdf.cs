namespace MioKarte.Core.Common;

/// <summary>One printable form: a file name to offer, its title, the PDF bytes (application and patient forms alike).</summary>
public sealed record RenderedPdf(string FileName, string Title, byte[] Content);
