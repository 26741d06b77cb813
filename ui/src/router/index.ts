import { createRouter, createWebHashHistory } from "vue-router";

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", redirect: "/workbench" },
    { path: "/workbench", name: "workbench", component: () => import("@/views/WorkbenchView.vue") },
    { path: "/register", name: "register", component: () => import("@/views/RegisterView.vue") },
    { path: "/agenda", name: "agenda", component: () => import("@/views/AgendaView.vue") },
    { path: "/cases", name: "cases", component: () => import("@/views/CasesView.vue") },
    { path: "/cases/:caseNo", name: "case", component: () => import("@/views/CaseDetailView.vue"), props: true },
    { path: "/supervision", name: "supervision", component: () => import("@/views/SupervisionView.vue") },
    { path: "/sync", name: "sync", component: () => import("@/views/SyncView.vue") },
    { path: "/settings", name: "settings", component: () => import("@/views/SettingsView.vue") },
  ],
});

export default router;
