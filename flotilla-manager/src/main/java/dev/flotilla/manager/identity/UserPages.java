package dev.flotilla.manager.identity;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.identity.pages.AdminPage;
import java.security.Principal;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Console pages for users and groups: list, create, unlock, delete, add and remove members. */
@Controller
class UserPages {

    private final UserStore store;
    private final UserActions users;
    private final GroupActions groups;
    private final ActionRunner runner;

    UserPages(UserStore store, UserActions users, GroupActions groups, ActionRunner runner) {
        this.store = store;
        this.users = users;
        this.groups = groups;
        this.runner = runner;
    }

    @GetMapping("/admin/users")
    String users(Model model, Principal principal) {
        model.addAttribute("user", principal.getName());
        model.addAttribute("users", store.users());
        model.addAttribute("groups", store.groups());
        return "admin-users";
    }

    @PostMapping("/admin/users")
    String create(@RequestParam String username, @RequestParam String password, @RequestParam(defaultValue = "") String displayName,
                  RedirectAttributes redirect) {
        return AdminPage.run("/admin/users", redirect, () -> "User %s was created".formatted(
                runner.run(users.create, new UserInput(username, password, displayName, null, null, null)).username()));
    }

    @PostMapping("/admin/users/{id}/unlock")
    String unlock(@PathVariable UUID id, RedirectAttributes redirect) {
        return AdminPage.run("/admin/users", redirect, () -> "User %s was unlocked".formatted(
                runner.run(users.update, new UserActions.UpdateInput(id, new UserInput(null, null, null, null, null, true))).username()));
    }

    @PostMapping("/admin/users/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        return AdminPage.run("/admin/users", redirect, () -> "User %s was deleted".formatted(runner.run(users.delete, id).username()));
    }

    @PostMapping("/admin/groups")
    String createGroup(@RequestParam String name, RedirectAttributes redirect) {
        return AdminPage.run("/admin/users", redirect, () -> "Group %s was created".formatted(
                runner.run(groups.create, new GroupInput(name, "")).name()));
    }

    @PostMapping("/admin/groups/{id}/members")
    String addMember(@PathVariable UUID id, @RequestParam String member, RedirectAttributes redirect) {
        return AdminPage.run("/admin/users", redirect, () -> "%s was added to %s".formatted(member,
                runner.run(groups.membership, new GroupActions.MemberInput(id, member, true)).name()));
    }

    @PostMapping("/admin/groups/{id}/delete")
    String deleteGroup(@PathVariable UUID id, RedirectAttributes redirect) {
        return AdminPage.run("/admin/users", redirect, () -> "Group %s was deleted".formatted(runner.run(groups.delete, id).name()));
    }
}
