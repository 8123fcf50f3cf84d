using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Gives a controller another MVC name than its class name: the name its views are found under
/// (<c>/Areas/{area}/{controller}/{view}.cshtml</c>). Lets a second address of the same pages (the
/// emergency record) use the one set of views, partials included, instead of copies.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ControllerNameAttribute(string name) : Attribute, IControllerModelConvention
{
    public string Name { get; } = name;

    public void Apply(ControllerModel controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.ControllerName = Name;
    }
}
