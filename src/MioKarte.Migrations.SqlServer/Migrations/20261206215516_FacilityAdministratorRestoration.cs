using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class FacilityAdministratorRestoration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RestorationReason",
                table: "Facilities",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RestorationRequestedAtUtc",
                table: "Facilities",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RestorationRequestedBy",
                table: "Facilities",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RestorationSendsPasswordLink",
                table: "Facilities",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RestorationUserId",
                table: "Facilities",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RestorationReason",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "RestorationRequestedAtUtc",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "RestorationRequestedBy",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "RestorationSendsPasswordLink",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "RestorationUserId",
                table: "Facilities");
        }
    }
}
