import { createApp } from "vue";
import { mark } from "./startup";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import "./style.css";
import App from "./App.vue";
import router from "./router";

mark("script");
createApp(App).use(ElementPlus).use(router).mount("#app");
mark("mounted");
