namespace MioKarte.Core.Common;

/// <summary>A field that is wrong, with the resource key of the Japanese message shown beside it.</summary>
public sealed record FieldError(string Field, string MessageKey, params object[] Arguments);
