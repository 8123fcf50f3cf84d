namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>The model of <c>_UserForm</c>: what the fields show and the error beside each.</summary>
public sealed record UserFormFields(FacilityUserInput Input, Func<string, string?> ErrorFor);
