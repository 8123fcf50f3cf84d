namespace MioKarte.Web;

/// <summary>
/// Marker type for the portal's UI strings: <c>Resources/SharedResource.resx</c> holds Japanese
/// (the default culture), <c>SharedResource.en.resx</c> English.
/// </summary>
public sealed class SharedResource;
